import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../src/app.ts';
import { forgetOldKeys } from '../src/data/housekeeping.ts';
import {
  body,
  cardPayment,
  cashPayment,
  type Payment,
  START_TIMEOUT_MS,
  startPayments,
  type TestPayments,
} from './payments.fixture.ts';

let payments: TestPayments;
beforeAll(async () => {
  payments = await startPayments();
}, START_TIMEOUT_MS);
afterAll(() => payments?.close());

const paymentsFor = async (referenceId: string) =>
  (await payments.db.query<{ id: string }>('select id from payment where reference_id = $1', [referenceId]))
    .rows;

describe('a retry with the same Idempotency-Key', () => {
  it('and the same body gets the first response back — same status, same body — marked as a replay', async () => {
    const key = randomUUID();
    const request = cardPayment(TEST_CARDS.approved);
    const first = await payments.pay(payments.customer, request, key);
    const again = await payments.pay(payments.customer, request, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await paymentsFor(request.reference.id)).toHaveLength(1);
    expect(payments.calls.filter((c) => c.paymentId === first.json().id)).toHaveLength(1);
  });

  it('replays a decline as the decline, without asking the provider again', async () => {
    const key = randomUUID();
    const request = cardPayment(TEST_CARDS.declined);
    const first = body(await payments.pay(payments.customer, request, key), 201);
    const again = body(await payments.pay(payments.customer, request, key), 201);
    expect(again).toEqual(first);
    expect(payments.calls.filter((c) => c.paymentId === first.id)).toHaveLength(1);
  });

  it('but a different body → 422 PAYMENTS_IDEMPOTENCY_KEY_REUSED, never a second charge', async () => {
    const key = randomUUID();
    const request = cardPayment(TEST_CARDS.approved);
    const first = body(await payments.pay(payments.customer, request, key), 201);
    const changes = [
      { ...request, amount: { amount: 4600, currency: 'CAD' } },
      { ...request, amount: { amount: 4599, currency: 'EUR' } },
      { ...request, reference: { kind: 'order', id: 'ord_other' } },
      { ...request, card: { ...request.card, number: TEST_CARDS.approvedMastercard } },
      { ...request, card: { ...request.card, expYear: 2098 } },
    ];
    for (const change of changes) {
      const response = await payments.pay(payments.customer, change, key);
      expect(response.statusCode, JSON.stringify(change)).toBe(422);
      expect(response.json()).toMatchObject({ code: 'PAYMENTS_IDEMPOTENCY_KEY_REUSED' });
    }
    expect(await paymentsFor(request.reference.id)).toEqual([{ id: first.id }]);
    expect(await paymentsFor('ord_other')).toEqual([]);
    expect(payments.charges().filter((c) => c.paymentId === first.id)).toHaveLength(1);
  });

  it('a card number written with spaces is the same request as without', async () => {
    const key = randomUUID();
    const request = cardPayment('4242424242424242');
    const first = body(await payments.pay(payments.customer, request, key), 201);
    const spaced = { ...request, card: { ...request.card, number: '4242 4242 4242 4242' } };
    const again = await payments.pay(payments.customer, spaced, key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first);
  });

  it('keys are the caller’s own: the same key from two callers is two payments', async () => {
    const key = randomUUID();
    const other = await payments.as({ subject: 'usr_autre', roles: ['customer'] });
    const mine = body(await payments.pay(payments.customer, cardPayment(TEST_CARDS.approved), key), 201);
    const theirs = body(await payments.pay(other, cardPayment(TEST_CARDS.approved), key), 201);
    expect(theirs.id).not.toBe(mine.id);
  });

  it('a sale’s keys are the sale’s: a second cashier resuming its payment gets the first one back, not a second', async () => {
    const key = randomUUID();
    const request = cashPayment(2_000, 5_000);
    const colleague = await payments.as({ subject: 'usr_collegue', roles: ['cashier'], storeIds: ['sto_1'] });
    const first = body(await payments.pay(payments.cashier, request, key), 201);
    const resumed = await payments.pay(colleague, request, key);
    expect(resumed.headers['idempotent-replayed']).toBe('true');
    expect(body(resumed, 201).id).toBe(first.id);
    expect(await paymentsFor(request.reference.id)).toHaveLength(1);
  });
});

describe('the same payment posted 20 times at once with one key', () => {
  const race = async (headers: Record<string, string>, request: object) => {
    const key = randomUUID();
    return Promise.all(Array.from({ length: 20 }, () => payments.pay(headers, request, key)));
  };

  const expectOneWinner = async (responses: Awaited<ReturnType<typeof race>>, referenceId: string) => {
    const rows = await paymentsFor(referenceId);
    expect(rows).toHaveLength(1);
    const id = rows[0]?.id ?? '';
    const statuses = responses.map((r) => r.statusCode);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(),
    ).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    const created = responses.filter((r) => r.statusCode === 201).map((r) => r.json<Payment>());
    expect(new Set(created.map((p) => JSON.stringify(p))).size).toBe(1);
    expect(created[0]?.id).toBe(id);
    for (const conflict of responses.filter((r) => r.statusCode === 409)) {
      expect(conflict.json()).toMatchObject({ code: 'PAYMENTS_REQUEST_IN_PROGRESS' });
    }
    const events = await payments.eventsOf(id, 1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a duplicate to show up
    expect(payments.events.filter((e) => e.subject === id)).toHaveLength(events.length);
    expect(events.map((e) => e.type)).toEqual(['payment.succeeded']);
    return id;
  };

  it('by card → one payment, one charge, one payment.succeeded; every response is that payment or a 409', async () => {
    const request = cardPayment(TEST_CARDS.approved);
    const responses = await race(payments.ordering, request);
    const id = await expectOneWinner(responses, request.reference.id);
    expect(payments.calls.filter((c) => c.paymentId === id)).toHaveLength(1);
    expect(payments.charges().filter((c) => c.paymentId === id)).toHaveLength(1);
  });

  it('in cash → one payment, one payment.succeeded; every response is that payment or a 409', async () => {
    const request = cashPayment(2500, 5000);
    const responses = await race(payments.cashier, request);
    await expectOneWinner(responses, request.reference.id);
  });
});

describe('a request that dies holding its key', () => {
  it('blocks retries with 409 while its lease runs, then a retry takes over the same payment', async () => {
    const key = randomUUID();
    const request = cardPayment(TEST_CARDS.transient);
    expect((await payments.pay(payments.customer, request, key)).statusCode).toBe(503);
    const [pending] = await paymentsFor(request.reference.id);
    // As if a replica had claimed the key again and died before answering.
    const hold = (interval: string) =>
      payments.db.query(
        `update idempotency_key set holder = 'dead-replica', locked_until = now() + interval '${interval}'
          where resource_id = $1`,
        [pending?.id],
      );
    await hold('1 hour');
    const blocked = await payments.pay(payments.customer, request, key);
    expect(blocked.json()).toMatchObject({ status: 409, code: 'PAYMENTS_REQUEST_IN_PROGRESS' });
    await hold('-1 second');
    const resumed = body(await payments.pay(payments.customer, request, key), 201);
    expect(resumed).toMatchObject({ id: pending?.id, status: 'succeeded' });
    expect(payments.charges().filter((c) => c.paymentId === resumed.id)).toHaveLength(1);
  });
});

describe('answered keys are kept for a day', () => {
  it('then forgotten, unless their request is still waiting on a retry', async () => {
    const answered = randomUUID();
    const waiting = randomUUID();
    await payments.pay(payments.customer, cardPayment(TEST_CARDS.approved), answered);
    await payments.pay(payments.customer, cardPayment(TEST_CARDS.unavailable), waiting);
    await payments.db.query(
      `update idempotency_key set created_at = now() - interval '25 hours' where key = any($1::text[])`,
      [[answered, waiting]],
    );
    expect(await forgetOldKeys(payments.db, 24 * 3_600_000)).toBe(1);
    const { rows } = await payments.db.query('select key from idempotency_key where key = any($1::text[])', [
      [answered, waiting],
    ]);
    expect(rows).toEqual([{ key: waiting }]);
  });
});
