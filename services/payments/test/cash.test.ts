import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, cashPayment, START_TIMEOUT_MS, startPayments, type TestPayments } from './payments.fixture.ts';

let payments: TestPayments;
beforeAll(async () => {
  payments = await startPayments();
}, START_TIMEOUT_MS);
afterAll(() => payments?.close());

describe('cash at the register', () => {
  it('a cashier takes 20,00 $ for 13,37 $: succeeded, change due 6,63 $ to the cent, payment.succeeded', async () => {
    const payment = body(await payments.pay(payments.cashier, cashPayment(1337, 2000)), 201);
    expect(payment).toMatchObject({
      status: 'succeeded',
      method: 'cash',
      amount: { amount: 1337, currency: 'CAD' },
      tendered: { amount: 2000, currency: 'CAD' },
      changeDue: { amount: 663, currency: 'CAD' },
      amountRefunded: { amount: 0, currency: 'CAD' },
    });
    expect(payment.id).toMatch(/^pay_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(payment).not.toHaveProperty('card');
    const [event] = await payments.eventsOf(payment.id, 1);
    expect(event).toMatchObject({
      type: 'payment.succeeded',
      source: '/comptoir/payments',
      data: { paymentId: payment.id, method: 'cash', changeDue: { amount: 663, currency: 'CAD' } },
    });
  });

  it('the exact amount tendered gives no change; less than the amount is refused', async () => {
    const exact = body(await payments.pay(payments.cashier, cashPayment(4599, 4599)), 201);
    expect(exact.changeDue).toEqual({ amount: 0, currency: 'CAD' });
    const short = await payments.pay(payments.cashier, cashPayment(4599, 4598));
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'PAYMENTS_INSUFFICIENT_TENDER' });
  });

  it('cash tendered in another currency → 400; a card with a cash payment → 400', async () => {
    const euros = cashPayment(1000, 2000, { tendered: { amount: 2000, currency: 'EUR' } });
    expect((await payments.pay(payments.cashier, euros)).json()).toMatchObject({
      status: 400,
      code: 'PAYMENTS_CURRENCY_MISMATCH',
    });
    const card = { number: '4242424242424242', expMonth: 1, expYear: 2099, cvc: '123' };
    const mixed = await payments.pay(payments.cashier, cashPayment(1000, 2000, { card }));
    expect(mixed.json()).toMatchObject({ status: 400, code: 'PAYMENTS_METHOD_FIELDS_MISMATCH' });
  });

  it('a customer may not record cash → 403', async () => {
    const response = await payments.pay(payments.customer, cashPayment(1000, 1000));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'PAYMENTS_NOT_ALLOWED' });
  });
});

describe('money is integer minor units and an ISO currency', () => {
  const cases: Array<[string, unknown]> = [
    ['a decimal amount', { amount: 13.37, currency: 'CAD' }],
    ['an amount as a string', { amount: '1337', currency: 'CAD' }],
    ['a zero amount', { amount: 0, currency: 'CAD' }],
    ['a negative amount', { amount: -5, currency: 'CAD' }],
    ['a lower-case currency', { amount: 1337, currency: 'cad' }],
    ['a currency of four letters', { amount: 1337, currency: 'CADD' }],
    ['no currency', { amount: 1337 }],
  ];
  it.each(cases)('%s → 400 with the field named', async (_, amount) => {
    const response = await payments.pay(payments.cashier, cashPayment(1337, 2000, { amount }));
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.some((e: { pointer: string }) => e.pointer.startsWith('/body/amount'))).toBe(true);
  });
});

describe('a money-moving request needs an Idempotency-Key', () => {
  it('without one → 428 problem, and nothing is recorded', async () => {
    const before = await payments.db.query('select count(*)::int as n from payment');
    const response = await payments.send('POST', '/payments', payments.cashier, cashPayment(1000, 1000));
    expect(response.statusCode).toBe(428);
    expect(response.json()).toMatchObject({ code: 'PAYMENTS_IDEMPOTENCY_KEY_REQUIRED' });
    const after = await payments.db.query('select count(*)::int as n from payment');
    expect(after.rows).toEqual(before.rows);
  });

  it('an empty or over-long key, or one with spaces → 400', async () => {
    for (const key of ['', 'x'.repeat(256), 'a key with spaces']) {
      const response = await payments.pay(payments.cashier, cashPayment(1000, 1000), key);
      expect(response.statusCode, JSON.stringify(key)).toBe(400);
    }
  });

  it('without a token → 401', async () => {
    const response = await payments.pay({}, cashPayment(1000, 1000));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'AUTH_REQUIRED' });
  });
});
