import { randomInt } from 'node:crypto';
import type {
  CashSession,
  OrderChanged,
  SaleCompleted,
  SaleReturned,
  StockAdjusted,
  StockLow,
  StoreChanged,
} from '@comptoir/contracts';
import { type Bus, buildService, createEvent, type EventEnvelope } from '@comptoir/platform';
import { type TestPrincipal, testAuth, testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import type { LightMyRequestResponse } from 'fastify';
import { vi } from 'vitest';
import { reporting } from '../src/app.ts';

/** Opening an embedded database compiles PostgreSQL's WASM; on a busy machine that has taken over a minute. */
export const START_TIMEOUT_MS = 180_000;

export type Headers = Record<string, string>;
export type TestReporting = Awaited<ReturnType<typeof startReporting>>;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A prefixed id shaped like the platform's (prefix + 26 Crockford base-32 characters). */
export const newId = (prefix: string) =>
  `${prefix}_${Array.from({ length: 26 }, () => CROCKFORD[randomInt(32)]).join('')}`;
const cad = (amount: number) => ({ amount, currency: 'CAD' });

/** Quebec's taxes on a subtotal, each rounded on its own, as cart computes them. */
const quebecTaxes = (subtotal: number) => [
  { code: 'GST', label: 'TPS', ratePpm: 50_000, amount: cad(Math.round(subtotal * 0.05)) },
  { code: 'QST', label: 'TVQ', ratePpm: 99_750, amount: cad(Math.round(subtotal * 0.09975)) },
];

export interface Line {
  sku: string;
  quantity: number;
  unitPrice: number;
  name?: string;
}

const saleLines = (lines: Line[]) =>
  lines.map((l) => ({
    sku: l.sku,
    productId: `prod_${l.sku}`,
    name: l.name ?? `Produit ${l.sku}`,
    quantity: l.quantity,
    unitPrice: cad(l.unitPrice),
    lineTotal: cad(l.unitPrice * l.quantity),
  }));

/** A POS sale as ordering announces it. */
export function saleOf(
  storeId: string,
  lines: Line[],
  completedAt: string,
  method: 'cash' | 'card' = 'card',
) {
  const items = saleLines(lines);
  const subtotal = items.reduce((sum, l) => sum + l.lineTotal.amount, 0);
  const taxes = quebecTaxes(subtotal);
  const total = subtotal + taxes.reduce((sum, t) => sum + t.amount.amount, 0);
  const sale: SaleCompleted = {
    saleId: newId('sal') as SaleCompleted['saleId'],
    storeId,
    registerId: newId('reg'),
    sessionId: newId('ses'),
    cashierId: 'usr_caissier',
    receiptNumber: 1,
    currency: 'CAD',
    lines: items,
    subtotal: cad(subtotal),
    taxes,
    total: cad(total),
    payment: {
      id: newId('pay'),
      method,
      amount: cad(total),
      tendered: method === 'cash' ? cad(total) : null,
      changeDue: method === 'cash' ? cad(0) : null,
      card: method === 'card' ? { brand: 'visa', last4: '4242' } : null,
    },
    completedAt,
  };
  return sale;
}

export function returnOf(sale: SaleCompleted, amount: number, returnedAt: string): SaleReturned {
  return {
    saleId: sale.saleId,
    returnId: newId('ret'),
    storeId: sale.storeId,
    sessionId: null,
    cashierId: sale.cashierId,
    lines: [{ sku: sale.lines[0]?.sku ?? 'X', quantity: 1 }],
    refund: {
      paymentId: sale.payment.id,
      refundId: newId('re'),
      method: sale.payment.method,
      amount: cad(amount),
    },
    returnedAt,
  };
}

/** An online order at a status step, as ordering's `order.*` events carry it. */
export function orderOf(lines: Line[], status: 'confirmed' | 'cancelled', at: string): OrderChanged {
  const items = saleLines(lines).map((l) => ({ ...l, sellerId: null, shipmentId: null }));
  const subtotal = items.reduce((sum, l) => sum + l.lineTotal.amount, 0);
  const taxes = quebecTaxes(subtotal);
  const total = subtotal + taxes.reduce((sum, t) => sum + t.amount.amount, 0);
  const change = { status, at, reason: status === 'cancelled' ? 'payment_declined' : null };
  return {
    order: {
      id: newId('ord'),
      channel: 'online',
      customerId: 'usr_client',
      status,
      cancelReason: status === 'cancelled' ? 'payment_declined' : null,
      lines: items,
      subtotal: cad(subtotal),
      taxes,
      total: cad(total),
      shippingAddress: {
        name: 'Client',
        line1: '1 rue',
        city: 'Montréal',
        region: 'QC',
        postalCode: 'H2W 1Z7',
        country: 'CA',
      },
      payment: { id: null, status: status === 'confirmed' ? 'succeeded' : 'failed', card: null },
      shipments: [],
      history: [change],
      createdAt: at,
      updatedAt: at,
    },
    change,
  };
}

export function sessionOf(storeId: string, openedAt: string, fields: Partial<CashSession> = {}): CashSession {
  return {
    id: newId('ses') as CashSession['id'],
    registerId: newId('reg') as CashSession['registerId'],
    storeId: storeId as CashSession['storeId'],
    cashierId: 'usr_caissier',
    status: 'open',
    openingFloat: cad(10_000),
    openedAt,
    closedAt: null,
    expectedCash: null,
    countedCash: null,
    differenceCents: null,
    ...fields,
  };
}

export function storeChanged(storeId: string, name: string): StoreChanged {
  const now = new Date().toISOString();
  return {
    store: {
      id: storeId as StoreChanged['store']['id'],
      code: `C-${storeId.slice(-6)}`,
      name,
      district: '',
      type: 'boutique',
      address: '',
      currency: 'CAD',
      taxes: [],
      createdAt: now,
      updatedAt: now,
    },
  };
}

export function stockLowOf(
  sku: string,
  locationId: string,
  storeId: string | null,
  available: number,
): StockLow {
  return { sku, locationId, storeId, available, threshold: 5, occurredAt: new Date().toISOString() };
}

export function stockAdjustedOf(sku: string, locationId: string, available: number): StockAdjusted {
  return {
    movement: {
      id: newId('mov'),
      sku,
      locationId,
      kind: 'receive',
      quantity: 10,
      reason: null,
      reference: null,
      actor: 'usr_siege',
      createdAt: new Date().toISOString(),
    },
    level: { sku, locationId, onHand: available, reserved: 0, available },
  };
}

/**
 * reporting on a throw-away database, cache and bus (the real servers when COMPTOIR_* are set),
 * with head office's token and a way to play the other services' events and wait until each is
 * handled.
 */
export async function startReporting(env: Record<string, string> = {}) {
  const auth = await testAuth();
  const db = await testDatabase('reporting');
  const cache = await testCache('reporting');
  const bus = await testBus();
  // Counts every delivery the service's consumer finished, duplicates skipped by the inbox included.
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
  const build = async () => {
    const built = await buildService(reporting, {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      db,
      cache,
      bus: watched,
      tokenVerifier: auth.verifier,
    });
    await built.app.ready();
    return built;
  };
  const service = await build();
  const replicas: Awaited<ReturnType<typeof build>>[] = [];
  const { app } = service;
  const as = (principal: TestPrincipal): Promise<Headers> => auth.headersFor(principal);
  const admin = await as({ subject: 'usr_siege', roles: ['admin'] });

  const fixture = {
    app,
    db,
    admin,
    as,
    manager: (storeIds: string[]) => as({ subject: newId('usr'), roles: ['store_manager'], storeIds }),
    get: (url: string, headers: Headers = admin) => app.inject({ method: 'GET', url, headers }),
    /** Publishes an event as its service's outbox would, and waits until reporting has handled it. */
    async publish(type: string, data: unknown, subject?: string): Promise<EventEnvelope> {
      const event = createEvent({ type, source: '/comptoir/test', data, ...(subject ? { subject } : {}) });
      await fixture.deliver(event);
      return event;
    },
    /** Publishes an event without waiting for it: one reporting may refuse. */
    async send(type: string, data: unknown): Promise<EventEnvelope> {
      const event = createEvent({ type, source: '/comptoir/test', data });
      await bus.publish([event]);
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
    /** Another replica on the same database and queue: the two share the events. */
    async replica() {
      const built = await build();
      replicas.push(built);
      return built.app;
    },
    async close() {
      for (const replica of replicas) await replica.close();
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
