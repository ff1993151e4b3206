import type { CashSession, Register, SaleCompleted, SaleReturned, Store } from '@comptoir/contracts';
import { type Bus, buildService, createEvent, type EventEnvelope } from '@comptoir/platform';
import { type TestPrincipal, testAuth, testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import type { LightMyRequestResponse } from 'fastify';
import { monotonicFactory } from 'ulid';
import { vi } from 'vitest';
import { stores } from '../src/app.ts';

/** Opening an embedded database compiles PostgreSQL's WASM; on a busy machine that has taken over a minute. */
export const START_TIMEOUT_MS = 180_000;

export type Headers = Record<string, string>;
export type TestStores = Awaited<ReturnType<typeof startStores>>;

const nextUlid = monotonicFactory();
let codes = 0;

/** A store code unique across test files running against one server. */
export const newCode = (prefix = 'MTL') =>
  `${prefix}-${Date.now().toString(36).toUpperCase()}-${++codes}`.slice(0, 24);

const cad = (amount: number) => ({ amount, currency: 'CAD' });

/** A POS sale as ordering announces it: one line, Quebec's taxes worked out on `subtotal`. */
export function saleOf(
  session: CashSession,
  subtotal: number,
  method: 'cash' | 'card',
  fields: Partial<SaleCompleted> = {},
): SaleCompleted {
  const gst = Math.round(subtotal * 0.05);
  const qst = Math.round(subtotal * 0.09975);
  const total = subtotal + gst + qst;
  return {
    saleId: `sal_${nextUlid()}`,
    storeId: session.storeId,
    registerId: session.registerId,
    sessionId: session.id,
    cashierId: session.cashierId,
    receiptNumber: 1,
    currency: 'CAD',
    lines: [
      {
        sku: 'CHR-001-1',
        productId: 'prod_1',
        name: 'Chaise',
        quantity: 1,
        unitPrice: cad(subtotal),
        lineTotal: cad(subtotal),
      },
    ],
    subtotal: cad(subtotal),
    taxes: [
      { code: 'GST', label: 'TPS', ratePpm: 50_000, amount: cad(gst) },
      { code: 'QST', label: 'TVQ', ratePpm: 99_750, amount: cad(qst) },
    ],
    total: cad(total),
    payment: {
      id: `pay_${nextUlid()}`,
      method,
      amount: cad(total),
      tendered: method === 'cash' ? cad(total) : null,
      changeDue: method === 'cash' ? cad(0) : null,
      card: method === 'card' ? { brand: 'visa', last4: '4242' } : null,
    },
    completedAt: new Date().toISOString(),
    ...fields,
  };
}

/** A return of (part of) `sale`, refunded by its own method, counted against `sessionId` (null: none named). */
export function returnOf(sale: SaleCompleted, amount: number, sessionId: string | null): SaleReturned {
  return {
    saleId: sale.saleId,
    returnId: `ret_${nextUlid()}`,
    storeId: sale.storeId,
    sessionId,
    cashierId: sale.cashierId,
    lines: [{ sku: 'CHR-001-1', quantity: 1 }],
    refund: {
      paymentId: sale.payment.id,
      refundId: `re_${nextUlid()}`,
      method: sale.payment.method,
      amount: cad(amount),
    },
    returnedAt: new Date().toISOString(),
  };
}

/**
 * stores on a throw-away database, cache and bus (the real servers when COMPTOIR_* are set), with
 * head office's token, a subscriber keeping every `store.*` and `register.*` event, and a way to
 * play ordering's `sale.*` events.
 */
export async function startStores() {
  const auth = await testAuth();
  const db = await testDatabase('stores');
  const cache = await testCache('stores');
  const bus = await testBus();
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: 'stores-events-test',
    topics: ['store.*', 'register.*'],
    handler: async (event) => {
      events.push(event);
    },
  });
  // Counts every delivery the service's consumer finished, duplicates skipped by the inbox included,
  // so a test knows a redelivery was handled before it looks at the totals.
  const deliveries = new Map<string, number>();
  const watched: Bus = {
    ...bus,
    subscribe: (options) =>
      bus.subscribe({
        ...options,
        handler: async (event) => {
          await options.handler(event);
          deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1);
        },
      }),
  };
  const service = await buildService(stores, {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    db,
    cache,
    bus: watched,
    tokenVerifier: auth.verifier,
  });
  await service.app.ready();
  const { app } = service;
  const as = (principal: TestPrincipal): Promise<Headers> => auth.headersFor(principal);
  const admin = await as({ subject: 'usr_siege', roles: ['admin'] });

  const send = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    headers: Headers = {},
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  const fixture = {
    app,
    db,
    bus,
    events,
    admin,
    as,
    send,
    /** A cashier or manager of `storeIds`. */
    staff: (role: 'cashier' | 'store_manager', storeIds: string[], subject = `usr_${role}_${nextUlid()}`) =>
      as({ subject, roles: [role], storeIds }),
    async store(fields: Record<string, unknown> = {}): Promise<Store> {
      const payload = {
        code: newCode(),
        name: 'Comptoir Plateau',
        district: 'Plateau',
        type: 'boutique',
        ...fields,
      };
      return body<Store>(await send('POST', '/stores', admin, payload), 201);
    },
    async register(storeId: string, name = `Caisse ${nextUlid().slice(-6)}`): Promise<Register> {
      return body<Register>(await send('POST', `/stores/${storeId}/registers`, admin, { name }), 201);
    },
    async open(registerId: string, headers: Headers, float = 10_000): Promise<CashSession> {
      const payload = { openingFloat: cad(float) };
      return body<CashSession>(
        await send('POST', `/registers/${registerId}/sessions`, headers, payload),
        201,
      );
    },
    /** Publishes an event of ordering's, as its outbox would, and waits until stores has handled it. */
    async fromOrdering(type: 'sale.completed' | 'sale.returned', data: SaleCompleted | SaleReturned) {
      const event = createEvent({ type, source: '/comptoir/ordering', data, subject: data.saleId });
      await fixture.deliver(event);
      return event;
    },
    /** Publishes `event` (again, if it was already: same id) and waits until this delivery is handled. */
    async deliver(event: EventEnvelope) {
      const before = deliveries.get(event.id) ?? 0;
      await bus.publish([event]);
      await vi.waitFor(
        () => {
          if ((deliveries.get(event.id) ?? 0) <= before) throw new Error(`event ${event.id} not handled yet`);
        },
        { timeout: 10_000, interval: 20 },
      );
    },
    /** The events of `type` about `subject`, once `count` have arrived. */
    async eventsOf(type: string, subject: string, count = 1): Promise<EventEnvelope[]> {
      const of = () => events.filter((e) => e.type === type && e.subject === subject);
      await vi.waitFor(
        () => {
          if (of().length < count)
            throw new Error(`expected ${count} ${type} about ${subject}, have ${of().length}`);
        },
        { timeout: 10_000, interval: 20 },
      );
      return of();
    },
    async close() {
      await service.close();
      await bus.close();
      await cache.close();
      await db.close();
    },
  };
  return fixture;
}

/** The response body, after checking its status (the body is in the failure message). */
export function body<T>(response: LightMyRequestResponse, status: number): T {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  return response.json() as T;
}
