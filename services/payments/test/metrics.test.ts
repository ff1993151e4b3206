import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../src/app.ts';
import {
  body,
  cardPayment,
  cashPayment,
  START_TIMEOUT_MS,
  startPayments,
  type TestPayments,
} from './payments.fixture.ts';

let payments: TestPayments;
beforeAll(async () => {
  payments = await startPayments();
}, START_TIMEOUT_MS);
afterAll(() => payments?.close());

/** Every sample of one metric in `/metrics`, keyed by its labels as written. */
async function samples(name: string): Promise<Record<string, number>> {
  const text = (await payments.app.inject({ method: 'GET', url: '/metrics' })).body;
  const found: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}\\{(.*)\\} (\\S+)$`).exec(line);
    if (match) found[match[1]!.replace(/,?service="payments"/, '')] = Number(match[2]);
  }
  return found;
}

describe('payments in the metrics', () => {
  it('counts each settled payment once by method and status, and each refund by method', async () => {
    const cash = body(await payments.pay(payments.cashier, cashPayment(1000, 2000)), 201);
    const [key, card] = [randomUUID(), cardPayment(TEST_CARDS.approved)];
    const first = body(await payments.pay(payments.customer, card, key), 201);
    // The same request again is answered from its key: no second payment, no second count.
    expect(body(await payments.pay(payments.customer, card, key), 201).id).toBe(first.id);
    body(await payments.pay(payments.customer, cardPayment(TEST_CARDS.declined)), 201);
    body(await payments.refund(payments.cashier, cash.id, { amount: { amount: 400, currency: 'CAD' } }), 201);

    expect(await samples('comptoir_payments_total')).toEqual({
      'method="cash",status="succeeded"': 1,
      'method="card",status="succeeded"': 1,
      'method="card",status="failed"': 1,
    });
    expect(await samples('comptoir_payment_refunds_total')).toEqual({ 'method="cash"': 1 });
  });
});
