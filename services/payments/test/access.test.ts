import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../src/app.ts';
import {
  body,
  cardPayment,
  cashPayment,
  type Headers,
  type Payment,
  START_TIMEOUT_MS,
  startPayments,
  type TestPayments,
} from './payments.fixture.ts';

let payments: TestPayments;
let reader: Headers;
let stranger: Headers;
beforeAll(async () => {
  payments = await startPayments();
  reader = await payments.as({
    subject: 'cli_reporting',
    kind: 'client',
    roles: [],
    scopes: ['payments:read'],
  });
  stranger = await payments.as({ subject: 'usr_inconnu', roles: ['customer'] });
}, START_TIMEOUT_MS);
afterAll(() => payments?.close());

const get = (headers: Headers, url: string) => payments.send('GET', url, headers);
type Page = { items: Payment[]; nextCursor: string | null };

describe('who may take a payment', () => {
  it('cash: staff and a client with payments:write; card: anyone signed in, or such a client', async () => {
    const manager = await payments.as({ subject: 'usr_gerant', roles: ['store_manager'] });
    for (const headers of [payments.cashier, manager, payments.admin, payments.ordering]) {
      expect((await payments.pay(headers, cashPayment(100, 100))).statusCode).toBe(201);
    }
    const seller = await payments.as({ subject: 'usr_vendeur', roles: ['seller'] });
    for (const headers of [payments.customer, seller, payments.ordering]) {
      expect((await payments.pay(headers, cardPayment(TEST_CARDS.approved))).statusCode).toBe(201);
    }
    for (const headers of [payments.customer, seller]) {
      expect((await payments.pay(headers, cashPayment(100, 100))).statusCode).toBe(403);
    }
  });

  it('a client or an API key without payments:write → 403; an API key acts as its owner within its scopes', async () => {
    const unscoped = [
      await payments.as({ subject: 'cli_x', kind: 'client', roles: [], scopes: ['catalog:read'] }),
      reader,
      await payments.as({ subject: 'usr_partner', kind: 'api_key', roles: ['admin'], scopes: [] }),
    ];
    for (const headers of unscoped) {
      const response = await payments.pay(headers, cardPayment(TEST_CARDS.approved));
      expect(response.json()).toMatchObject({ status: 403, code: 'PAYMENTS_NOT_ALLOWED' });
    }
    const customerKey = await payments.as({
      subject: 'usr_partner',
      kind: 'api_key',
      roles: ['customer'],
      scopes: ['payments:write'],
    });
    expect((await payments.pay(customerKey, cardPayment(TEST_CARDS.approved))).statusCode).toBe(201);
    expect((await payments.pay(customerKey, cashPayment(100, 100))).statusCode).toBe(403);
  });
});

describe('who may read a payment', () => {
  it('its creator, staff and a client with payments:read; anyone else hears 404, as for no payment', async () => {
    const payment = body(await payments.pay(payments.customer, cardPayment(TEST_CARDS.approved)), 201);
    for (const headers of [payments.customer, payments.cashier, payments.admin, reader, payments.ordering]) {
      expect(body(await get(headers, `/payments/${payment.id}`), 200)).toEqual(payment);
    }
    for (const url of [`/payments/${payment.id}`, `/payments/${payment.id}/refunds`]) {
      expect((await get(stranger, url)).json()).toMatchObject({
        status: 404,
        code: 'PAYMENTS_PAYMENT_NOT_FOUND',
      });
    }
    expect((await get({}, `/payments/${payment.id}`)).statusCode).toBe(401);
  });

  it('the payments of one order, page by page, for staff and readers; not for customers', async () => {
    const reference = { kind: 'order', id: `ord_list_${Date.now()}` };
    const made: Payment[] = [];
    for (const number of [TEST_CARDS.declined, TEST_CARDS.approved, TEST_CARDS.approved]) {
      made.push(body(await payments.pay(payments.ordering, cardPayment(number, { reference })), 201));
    }
    const url = `/payments?reference=order:${reference.id}&limit=2`;
    const first = body<Page>(await get(payments.cashier, url), 200);
    expect(first.items.map((p) => p.id)).toEqual([made[0]?.id, made[1]?.id]);
    const second = body<Page>(await get(reader, `${url}&cursor=${first.nextCursor}`), 200);
    expect(second).toEqual({ items: [made[2]], nextCursor: null });
    expect((await get(payments.customer, url)).json()).toMatchObject({
      status: 403,
      code: 'PAYMENTS_NOT_ALLOWED',
    });
  });

  it('a malformed reference or cursor → 400', async () => {
    for (const url of [
      '/payments?reference=ord_1',
      '/payments?reference=cart:1',
      '/payments?cursor=bm9wZQ',
    ]) {
      expect((await get(payments.admin, url)).statusCode, url).toBe(400);
    }
  });
});

describe('the API describes itself', () => {
  it('as a valid OpenAPI 3.1 document, with Idempotency-Key on the two money moves', async () => {
    const doc = (await payments.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    const keyed = (path: string) =>
      doc.paths[path].post.parameters.some(
        (p: { name: string; in: string }) => p.in === 'header' && p.name === 'idempotency-key',
      );
    expect(keyed('/payments')).toBe(true);
    expect(keyed('/payments/{id}/refunds')).toBe(true);
  });
});
