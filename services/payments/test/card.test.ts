import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../src/app.ts';
import { body, cardPayment, START_TIMEOUT_MS, startPayments, type TestPayments } from './payments.fixture.ts';

let payments: TestPayments;
beforeAll(async () => {
  payments = await startPayments();
}, START_TIMEOUT_MS);
afterAll(() => payments?.close());

describe('card payments through the simulated provider', () => {
  it('the approving card → succeeded, keeping the brand and last four only; payment.succeeded', async () => {
    const payment = body(await payments.pay(payments.customer, cardPayment('4242 4242 4242 4242')), 201);
    expect(payment).toMatchObject({
      status: 'succeeded',
      method: 'card',
      amount: { amount: 4599, currency: 'CAD' },
      card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2099 },
    });
    expect(Object.keys(payment.card ?? {}).sort()).toEqual(['brand', 'expMonth', 'expYear', 'last4']);
    expect(payments.charges().filter((c) => c.paymentId === payment.id)).toHaveLength(1);
    const [event] = await payments.eventsOf(payment.id, 1);
    expect(event).toMatchObject({
      type: 'payment.succeeded',
      data: { paymentId: payment.id, card: { brand: 'visa', last4: '4242' } },
    });
  });

  it('a Mastercard is recognised as one', async () => {
    const payment = body(
      await payments.pay(payments.customer, cardPayment(TEST_CARDS.approvedMastercard)),
      201,
    );
    expect(payment.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
  });

  it('the declining card → failed with reason card_declined, payment.failed, nothing captured', async () => {
    const payment = body(await payments.pay(payments.customer, cardPayment(TEST_CARDS.declined)), 201);
    expect(payment).toMatchObject({ status: 'failed', failure: { reason: 'card_declined' } });
    expect(payments.charges().filter((c) => c.paymentId === payment.id)).toHaveLength(0);
    const [event] = await payments.eventsOf(payment.id, 1);
    expect(event).toMatchObject({
      type: 'payment.failed',
      data: { paymentId: payment.id, reason: 'card_declined', method: 'card' },
    });
  });

  it('an expired card is declined with expired_card, and so is the expired test card', async () => {
    const past = cardPayment(TEST_CARDS.approved, {
      card: { number: TEST_CARDS.approved, expMonth: 1, expYear: 2020, cvc: '123' },
    });
    expect(body(await payments.pay(payments.customer, past), 201).failure?.reason).toBe('expired_card');
    const card = body(await payments.pay(payments.customer, cardPayment(TEST_CARDS.expired)), 201);
    expect(card.failure?.reason).toBe('expired_card');
  });

  it('the transient card → 503 with Retry-After, then the retry with the same key succeeds: one payment, one charge', async () => {
    const key = randomUUID();
    const request = cardPayment(TEST_CARDS.transient);
    const first = await payments.pay(payments.customer, request, key);
    expect(first.statusCode).toBe(503);
    expect(first.headers['retry-after']).toBe('1');
    expect(first.json()).toMatchObject({ code: 'PAYMENTS_PROVIDER_UNAVAILABLE' });

    const retry = await payments.pay(payments.customer, request, key);
    const payment = body(retry, 201);
    expect(payment.status).toBe('succeeded');
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(payments.calls.filter((c) => c.paymentId === payment.id)).toEqual([
      { paymentId: payment.id, attempt: 1, outcome: 'unavailable' },
      { paymentId: payment.id, attempt: 2, outcome: 'approved' },
    ]);
    expect(payments.charges().filter((c) => c.paymentId === payment.id)).toHaveLength(1);
    const { rows } = await payments.db.query('select id from payment where reference_id = $1', [
      request.reference.id,
    ]);
    expect(rows).toHaveLength(1);
    const events = await payments.eventsOf(payment.id, 1);
    expect(events.map((e) => e.type)).toEqual(['payment.succeeded']);

    const third = await payments.pay(payments.customer, request, key);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.json()).toEqual(payment);
  });

  it('while the provider stays down, every retry → 503 and the payment waits as pending, unpublished', async () => {
    const key = randomUUID();
    const request = cardPayment(TEST_CARDS.unavailable);
    for (let i = 0; i < 3; i += 1) {
      expect((await payments.pay(payments.customer, request, key)).statusCode).toBe(503);
    }
    const { rows } = await payments.db.query<{ id: string; status: string; attempts: number }>(
      'select id, status, attempts from payment where reference_id = $1',
      [request.reference.id],
    );
    expect(rows).toMatchObject([{ status: 'pending', attempts: 3 }]);
    expect(payments.events.filter((e) => e.subject === rows[0]?.id)).toEqual([]);
  });

  it('a number failing the Luhn check → 400 on the card number, and the provider is never called', async () => {
    const calls = payments.calls.length;
    for (const number of ['4242 4242 4242 4241', '1234567890123', '0000 0000 0000 0001']) {
      const response = await payments.pay(payments.customer, cardPayment(number));
      expect(response.statusCode, number).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'PAYMENTS_INVALID_CARD_NUMBER',
        errors: [{ pointer: '/body/card/number' }],
      });
      expect(response.body).not.toContain(number.replaceAll(' ', ''));
    }
    expect(payments.calls.length).toBe(calls);
  });

  it('letters, a short number, a bad month or cvc → 400 by schema', async () => {
    const cards = [
      { number: '4242-4242-4242-424X', expMonth: 12, expYear: 2099, cvc: '123' },
      { number: '42424242', expMonth: 12, expYear: 2099, cvc: '123' },
      { number: TEST_CARDS.approved, expMonth: 13, expYear: 2099, cvc: '123' },
      { number: TEST_CARDS.approved, expMonth: 12, expYear: 2099, cvc: '12' },
    ];
    for (const card of cards) {
      const response = await payments.pay(payments.customer, cardPayment(TEST_CARDS.approved, { card }));
      expect(response.statusCode, JSON.stringify(card)).toBe(400);
    }
  });

  it('a card payment without a card → 400', async () => {
    const { card: _, ...noCard } = cardPayment(TEST_CARDS.approved);
    const response = await payments.pay(payments.customer, noCard);
    expect(response.json()).toMatchObject({ status: 400, code: 'PAYMENTS_METHOD_FIELDS_MISMATCH' });
  });
});
