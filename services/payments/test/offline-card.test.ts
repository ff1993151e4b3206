import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, START_TIMEOUT_MS, startPayments, type TestPayments } from './payments.fixture.ts';

let payments: TestPayments;
beforeAll(async () => {
  payments = await startPayments();
}, START_TIMEOUT_MS);
afterAll(() => payments?.close());

const kept = { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 } as const;
const offlineCardPayment = (fields: Record<string, unknown> = {}) => ({
  amount: { amount: 2299, currency: 'CAD' },
  method: 'card',
  reference: { kind: 'sale', id: `sal_${randomUUID().slice(0, 8)}` },
  offlineCard: kept,
  ...fields,
});

describe('a card a register took while offline, recorded when its sale syncs', () => {
  it('is offline_authorized, with what the register kept of the card; the provider is not called, nothing is published', async () => {
    const key = randomUUID();
    const request = offlineCardPayment();
    const payment = body(await payments.pay(payments.cashier, request, key), 201);
    expect(payment).toMatchObject({ status: 'offline_authorized', method: 'card', card: kept });
    expect(payments.calls.filter((call) => call.paymentId === payment.id)).toEqual([]);
    // The same key again: the same payment, never a second one.
    const again = await payments.pay(payments.cashier, request, key);
    expect(body(again, 201).id).toBe(payment.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(payments.events.filter((event) => event.subject === payment.id)).toEqual([]);
  });

  it('is the counter’s: a customer may not record one; it is for a sale, alone, and cannot be refunded before capture', async () => {
    expect((await payments.pay(payments.customer, offlineCardPayment())).statusCode).toBe(403);
    const order = offlineCardPayment({ reference: { kind: 'order', id: 'ord_1' } });
    expect(body(await payments.pay(payments.cashier, order), 400)).toMatchObject({
      code: 'PAYMENTS_METHOD_FIELDS_MISMATCH',
    });
    const both = offlineCardPayment({
      card: { number: '4242424242424242', expMonth: 1, expYear: 2099, cvc: '123' },
    });
    expect((await payments.pay(payments.cashier, both)).statusCode).toBe(400);
    const cash = offlineCardPayment({ method: 'cash', tendered: { amount: 3000, currency: 'CAD' } });
    expect((await payments.pay(payments.cashier, cash)).statusCode).toBe(400);

    const payment = body(await payments.pay(payments.cashier, offlineCardPayment()), 201);
    const refund = await payments.refund(payments.cashier, payment.id);
    expect(refund.statusCode).toBe(409);
    expect(refund.json()).toMatchObject({ code: 'PAYMENTS_NOT_REFUNDABLE' });
  });
});
