import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../src/app.ts';
import {
  body,
  cardPayment,
  cashPayment,
  type Payment,
  type Refund,
  START_TIMEOUT_MS,
  startPayments,
  type TestPayments,
} from './payments.fixture.ts';

let payments: TestPayments;
beforeAll(async () => {
  payments = await startPayments();
}, START_TIMEOUT_MS);
afterAll(() => payments?.close());

const paidByCard = async () =>
  body(await payments.pay(payments.customer, cardPayment(TEST_CARDS.approved)), 201);
const cad = (amount: number) => ({ amount, currency: 'CAD' });
const read = async (id: string) =>
  body<Payment>(await payments.send('GET', `/payments/${id}`, payments.admin), 200);

describe('refunds', () => {
  it('part, then the rest; one euro more → 409; each published as payment.refunded with the running total', async () => {
    const payment = await paidByCard(); // 45,99 $
    const part = body<Refund>(
      await payments.refund(payments.admin, payment.id, { amount: cad(1000), reason: 'Article abîmé' }),
      201,
    );
    expect(part).toMatchObject({
      status: 'succeeded',
      amount: cad(1000),
      reason: 'Article abîmé',
      paymentId: payment.id,
    });
    expect(part.id).toMatch(/^re_/);
    expect((await read(payment.id)).amountRefunded).toEqual(cad(1000));

    const over = await payments.refund(payments.admin, payment.id, { amount: cad(3600) });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ code: 'PAYMENTS_REFUND_EXCEEDS_CAPTURED', refundable: cad(3599) });

    const rest = body<Refund>(await payments.refund(payments.admin, payment.id), 201);
    expect(rest.amount).toEqual(cad(3599));
    expect((await read(payment.id)).amountRefunded).toEqual(cad(4599));

    const more = await payments.refund(payments.admin, payment.id, { amount: cad(1) });
    expect(more.json()).toMatchObject({
      status: 409,
      code: 'PAYMENTS_REFUND_EXCEEDS_CAPTURED',
      refundable: cad(0),
    });
    const nothingLeft = await payments.refund(payments.admin, payment.id);
    expect(nothingLeft.statusCode).toBe(409);

    const events = await payments.eventsOf(payment.id, 3);
    expect(events.map((e) => e.type)).toEqual(['payment.succeeded', 'payment.refunded', 'payment.refunded']);
    expect(events[1]?.data).toMatchObject({
      refundId: part.id,
      amount: cad(1000),
      amountRefunded: cad(1000),
      fullyRefunded: false,
    });
    expect(events[2]?.data).toMatchObject({
      refundId: rest.id,
      amount: cad(3599),
      amountRefunded: cad(4599),
      fullyRefunded: true,
    });

    const listed = body<{ items: Refund[] }>(
      await payments.send('GET', `/payments/${payment.id}/refunds`, payments.admin),
      200,
    );
    expect(listed.items.map((r) => r.id)).toEqual([part.id, rest.id]);
  });

  it('a retry with the same key gets the same refund back, once; another amount with that key → 422', async () => {
    const payment = await paidByCard();
    const key = randomUUID();
    const first = await payments.refund(payments.admin, payment.id, { amount: cad(500) }, key);
    const again = await payments.refund(payments.admin, payment.id, { amount: cad(500) }, key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await payments.refund(payments.admin, payment.id, { amount: cad(600) }, key);
    expect(other.json()).toMatchObject({ status: 422, code: 'PAYMENTS_IDEMPOTENCY_KEY_REUSED' });
    expect((await read(payment.id)).amountRefunded).toEqual(cad(500));
  });

  it('the same refund posted 20 times at once with one key → one refund; each response is it or a 409', async () => {
    const payment = await paidByCard();
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        payments.refund(payments.ordering, payment.id, { amount: cad(700) }, key),
      ),
    );
    expect(responses.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    const refunds = new Set(responses.filter((r) => r.statusCode === 201).map((r) => r.json<Refund>().id));
    expect(refunds.size).toBe(1);
    expect((await read(payment.id)).amountRefunded).toEqual(cad(700));
  });

  it('20 different refunds of 5 $ at once on 45,99 $ → 9 go through, the rest get 409; never more than captured', async () => {
    const payment = await paidByCard();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => payments.refund(payments.admin, payment.id, { amount: cad(500) })),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(9);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    expect((await read(payment.id)).amountRefunded).toEqual(cad(4500));
  });

  it('cash goes back from the till; a failed payment has nothing to refund → 409', async () => {
    const cash = body(await payments.pay(payments.cashier, cashPayment(1250, 2000)), 201);
    const refund = body<Refund>(await payments.refund(payments.cashier, cash.id), 201);
    expect(refund).toMatchObject({ status: 'succeeded', amount: cad(1250) });
    const declined = body(await payments.pay(payments.customer, cardPayment(TEST_CARDS.declined)), 201);
    const refused = await payments.refund(payments.admin, declined.id);
    expect(refused.json()).toMatchObject({ status: 409, code: 'PAYMENTS_NOT_REFUNDABLE' });
  });

  it('an unknown payment → 404; another currency → 400; no key → 428; a customer → 403', async () => {
    const payment = await paidByCard();
    const unknown = await payments.refund(payments.admin, 'pay_01JD3Z8Q5V7W4X9Y2B6C0N1M3K');
    expect(unknown.json()).toMatchObject({ status: 404, code: 'PAYMENTS_PAYMENT_NOT_FOUND' });
    const euros = await payments.refund(payments.admin, payment.id, {
      amount: { amount: 100, currency: 'EUR' },
    });
    expect(euros.json()).toMatchObject({ status: 400, code: 'PAYMENTS_CURRENCY_MISMATCH' });
    const keyless = await payments.send('POST', `/payments/${payment.id}/refunds`, payments.admin, {});
    expect(keyless.statusCode).toBe(428);
    const customer = await payments.refund(payments.customer, payment.id);
    expect(customer.json()).toMatchObject({ status: 403, code: 'PAYMENTS_NOT_ALLOWED' });
    expect((await read(payment.id)).amountRefunded).toEqual(cad(0));
  });
});
