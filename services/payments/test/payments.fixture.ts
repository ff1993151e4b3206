import { randomUUID } from 'node:crypto';
import type { Payment, Refund } from '@comptoir/contracts';
import { type BuildOptions, buildService, type EventEnvelope } from '@comptoir/platform';
import {
  type TestAuth,
  type TestPrincipal,
  testAuth,
  testBus,
  testCache,
  testDatabase,
} from '@comptoir/platform/testing';
import type { LightMyRequestResponse } from 'fastify';
import { vi } from 'vitest';
import { type CardProviderSettings, type PaymentsOptions, paymentsService } from '../src/app.ts';
import type { CardProvider, ChargeRequest, ChargeResult } from '../src/domain/card-provider.ts';
import {
  type SimulatedCardProvider,
  simulatedCardProvider,
} from '../src/providers/simulated-card.provider.ts';

/** Opening an embedded database compiles PostgreSQL's WASM; on a busy machine that has taken over a minute. */
export const START_TIMEOUT_MS = 180_000;

export type Headers = Record<string, string>;
export type TestPayments = Awaited<ReturnType<typeof startPayments>>;

/** A card payment body; the card number is the only thing a test usually changes. */
export const cardPayment = (number: string, fields: Record<string, unknown> = {}) => ({
  amount: { amount: 4599, currency: 'CAD' },
  method: 'card',
  reference: { kind: 'order', id: `ord_${randomUUID().slice(0, 8)}` },
  card: { number, expMonth: 12, expYear: 2099, cvc: '123' },
  ...fields,
});

export const cashPayment = (amount: number, tendered: number, fields: Record<string, unknown> = {}) => ({
  amount: { amount, currency: 'CAD' },
  method: 'cash',
  reference: { kind: 'sale', id: `sale_${randomUUID().slice(0, 8)}` },
  tendered: { amount: tendered, currency: 'CAD' },
  ...fields,
});

/** Every call the provider got, with what it answered ("unavailable" for a thrown error). */
interface ProviderCall {
  paymentId: string;
  attempt: number;
  outcome: ChargeResult['outcome'] | 'unavailable';
}

/**
 * payments on a throw-away database, cache and bus (the real servers when COMPTOIR_* are set),
 * with the simulated card provider watched by a spy, and a subscriber collecting `payment.*`.
 */
export async function startPayments(
  env: Record<string, string> = {},
  options: Partial<BuildOptions> = {},
  { auth: sharedAuth, ...serviceOptions }: Pick<PaymentsOptions, 'clock'> & { auth?: TestAuth } = {},
) {
  // Replicas of one test share the token keys, so one token works on each.
  const auth = sharedAuth ?? (await testAuth());
  const db = await testDatabase('payments');
  const cache = await testCache('payments');
  const bus = await testBus();
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: 'payments-events-test',
    topics: ['payment.*'],
    handler: async (event) => {
      events.push(event);
    },
  });
  let simulated: SimulatedCardProvider | undefined;
  const calls: ProviderCall[] = [];
  const spy = (settings: CardProviderSettings): CardProvider => {
    const provider = simulatedCardProvider(settings);
    simulated = provider;
    return {
      name: 'spy',
      saveCard: (request) => provider.saveCard(request),
      findSavedCard: (id) => provider.findSavedCard(id),
      async charge(request: ChargeRequest) {
        const call: ProviderCall = {
          paymentId: request.paymentId,
          attempt: request.attempt,
          outcome: 'unavailable',
        };
        calls.push(call);
        const result = await provider.charge(request);
        call.outcome = result.outcome;
        return result;
      },
      refund: (request) => provider.refund(request),
    };
  };
  const service = await buildService(paymentsService({ cardProvider: spy, ...serviceOptions }), {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    db,
    cache,
    bus,
    tokenVerifier: auth.verifier,
    ...options,
  });
  await service.app.ready();
  const { app } = service;
  const as = (principal: TestPrincipal): Promise<Headers> => auth.headersFor(principal);

  const send = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object, key?: string) =>
    app.inject({
      method,
      url,
      headers: { ...headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      ...(payload ? { payload } : {}),
    });

  return {
    app,
    db,
    auth,
    events,
    calls,
    /** What the provider actually captured (one entry per charged payment). */
    charges: () => simulated?.charges() ?? [],
    cashier: await as({ subject: 'usr_caissiere', roles: ['cashier'], storeIds: ['sto_1'] }),
    customer: await as({ subject: 'usr_cliente', roles: ['customer'] }),
    admin: await as({ subject: 'usr_siege', roles: ['admin'] }),
    ordering: await as({ subject: 'cli_ordering', kind: 'client', roles: [], scopes: ['payments:write'] }),
    as,
    send,
    /** POST /payments with a fresh key unless one is given. */
    pay: (headers: Headers, body: object, key: string = randomUUID()) =>
      send('POST', '/payments', headers, body, key),
    refund: (headers: Headers, paymentId: string, body: object = {}, key: string = randomUUID()) =>
      send('POST', `/payments/${paymentId}/refunds`, headers, body, key),
    /** The events about one payment, once `count` of them have arrived. */
    async eventsOf(paymentId: string, count: number): Promise<EventEnvelope[]> {
      const of = () => events.filter((e) => e.subject === paymentId);
      await vi.waitFor(() => expectLength(of(), count), { timeout: 10_000, interval: 25 });
      return of();
    },
    async close() {
      await service.close();
      await bus.close();
      await cache.close();
      await db.close();
    },
  };
}

function expectLength(items: unknown[], count: number): void {
  if (items.length < count) throw new Error(`expected ${count} events, have ${items.length}`);
}

/** The response body, after checking its status (the body is in the failure message). */
export function body<T = Payment>(response: LightMyRequestResponse, status: number): T {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  return response.json() as T;
}

export type { Payment, Refund };
