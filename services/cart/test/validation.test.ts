import type { Cart } from '@comptoir/contracts';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startCart, type TestCart } from './cart.fixture.ts';

let t: TestCart;
let cart: Cart;
let cashier: { authorization: string };
let sku: string;
beforeAll(async () => {
  t = await startCart();
  const till = await t.till();
  cashier = till.cashier;
  cart = (await t.open(till.session.id, cashier)).json();
  sku = (await t.product()).sku;
  await t.add(cart.id, sku, 1, cashier);
}, START_TIMEOUT_MS);
afterAll(() => t?.close());

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  return JSON.parse(response.body) as { code: string; errors?: Array<{ pointer: string }> };
}

describe('bad input is a 400 problem naming the field, never a 500', () => {
  it.each([
    ['a quantity of 0', { quantity: 0 }, '/body/quantity'],
    ['a quantity of 1000', { quantity: 1000 }, '/body/quantity'],
    ['a fractional quantity', { quantity: 1.5 }, '/body/quantity'],
    ['a quantity as text', { quantity: '2' }, '/body/quantity'],
    ['no quantity', { quantity: undefined }, '/body/quantity'],
    ['a sku with a space', { sku: ' CHR-1' }, '/body/sku'],
    ['a sku of 65 characters', { sku: 'A'.repeat(65) }, '/body/sku'],
    ['a sku that is a number', { sku: 42 }, '/body/sku'],
    ['an unknown field', { price: { amount: 1, currency: 'CAD' } }, '/body'],
  ])('adding a line with %s', async (_name, fields, pointer) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/carts/${cart.id}/lines`,
      headers: cashier,
      payload: { sku, quantity: 1, ...fields },
    });
    const problem = expectProblem(response, 400);
    expect(problem.errors?.map((error) => error.pointer).join(' ')).toContain(pointer);
  });

  it.each([
    ['no session', {}],
    ['a session id of another shape', { sessionId: 'reg_01JD3Z8Q5V7W4X9Y2B6C0N1M3K' }],
    ['an unknown field', { sessionId: 'ses_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', note: 'x' }],
    ['an unknown channel', { sessionId: 'ses_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', channel: 'web' }],
    ['a session for an online cart', { sessionId: 'ses_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', channel: 'online' }],
  ])('opening a cart with %s', async (_name, payload) => {
    expectProblem(await t.app.inject({ method: 'POST', url: '/carts', headers: cashier, payload }), 400);
  });

  it('a pos cart without its session, or an online cart with one, names the field', async () => {
    for (const [payload, headers] of [
      [{ channel: 'pos' }, cashier],
      [{ channel: 'online', sessionId: 'ses_01JD3Z8Q5V7W4X9Y2B6C0N1M3K' }, {}],
    ] as const) {
      const response = await t.app.inject({ method: 'POST', url: '/carts', headers, payload });
      const problem = expectProblem(response, 400);
      expect(problem.errors?.map((error) => error.pointer)).toEqual(['/body/sessionId']);
    }
  });

  it('a cart token of another shape is a 400 naming the header', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/carts/${cart.id}`,
      headers: { 'x-cart-token': 'not a token' },
    });
    const problem = expectProblem(response, 400);
    expect(problem.errors?.map((error) => error.pointer).join(' ')).toContain('x-cart-token');
  });

  it('a quantity change with an unknown field or none at all', async () => {
    for (const payload of [{ quantity: 2, note: 'x' }, {}, { quantity: 0 }]) {
      const response = await t.app.inject({
        method: 'PATCH',
        url: `/carts/${cart.id}/lines/${sku}`,
        headers: cashier,
        payload,
      });
      expectProblem(response, 400);
    }
  });

  it('a malformed cart id or sku in the path, or a bad query', async () => {
    for (const url of [
      '/carts/not-a-cart',
      '/carts/crt_lowercase0000000000000000000',
      `/carts?sessionId=nope`,
      '/carts',
      `/carts?sessionId=ses_01JD3Z8Q5V7W4X9Y2B6C0N1M3K&extra=1`,
    ]) {
      expectProblem(await t.app.inject({ method: 'GET', url, headers: cashier }), 400);
    }
    const badSku = await t.app.inject({
      method: 'DELETE',
      url: `/carts/${cart.id}/lines/${encodeURIComponent('bad sku!')}`,
      headers: cashier,
    });
    expectProblem(badSku, 400);
  });

  it('a body that is not JSON, or not even parsable', async () => {
    const notJson = await t.app.inject({
      method: 'POST',
      url: `/carts/${cart.id}/lines`,
      headers: { ...cashier, 'content-type': 'text/plain' },
      payload: 'sku=X',
    });
    expectProblem(notJson, 415);
    const broken = await t.app.inject({
      method: 'POST',
      url: `/carts/${cart.id}/lines`,
      headers: { ...cashier, 'content-type': 'application/json' },
      payload: '{"sku": ',
    });
    expectProblem(broken, 400);
  });
});

describe('a service cart depends on is down: a 503 problem, never a 500', () => {
  it('stores answering 500 makes opening a cart a 503, and the cart is opened once it is back', async () => {
    const { session } = await t.till();
    const headers = await t.as(['cashier'], [session.storeId]);
    t.stores.breakDown(true);
    try {
      const problem = expectProblem(await t.open(session.id, headers), 503);
      expect(problem.code).toBe('CART_STORES_UNAVAILABLE');
    } finally {
      t.stores.breakDown(false);
    }
    expect((await t.open(session.id, headers)).statusCode).toBe(201);
  });

  it('a catalog that cannot be reached makes adding a line a 503, and the cart is unchanged', async () => {
    const cut = await t.replica({ CART_CATALOG_URL: 'http://127.0.0.1:1' });
    const response = await t.add(cart.id, sku, 1, cashier, cut);
    expectProblem(response, 503);
    expect((await t.read(cart.id, cashier)).lines[0]?.quantity).toBe(1);
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, and every operation says it takes a bearer token — optional where a visitor’s cart token will do', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    type Operation = { operationId: string; security?: unknown };
    const operations = Object.values(doc.paths as Record<string, Record<string, Operation>>).flatMap(
      (methods) => Object.values(methods),
    );
    const visitors = [
      'addCartLine',
      'changeCartLine',
      'discardCart',
      'getCart',
      'openCart',
      'removeCartLine',
      'repriceCart',
    ];
    for (const operation of operations) {
      const security = visitors.includes(operation.operationId)
        ? [{ bearerAuth: [] }, {}]
        : [{ bearerAuth: [] }];
      expect(operation.security, operation.operationId).toEqual(security);
    }
    expect(operations.map((operation) => operation.operationId).sort()).toEqual(
      [...visitors, 'getMyCart', 'getSessionCart', 'mergeCart'].sort(),
    );
  });
});
