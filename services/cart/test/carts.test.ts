import { setTimeout as sleep } from 'node:timers/promises';
import type { Cart } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startCart, type TestCart } from './cart.fixture.ts';

let t: TestCart;
beforeAll(async () => {
  t = await startCart();
}, START_TIMEOUT_MS);
afterAll(() => t?.close());

describe('opening the basket of a register session', () => {
  it('a cashier opens an empty cart in the store’s currency, with its taxes at zero', async () => {
    const { store, session, cashier } = await t.till();
    const opened = await t.open(session.id, cashier);
    expect(opened.statusCode, opened.body).toBe(201);
    const cart: Cart = opened.json();
    expect(cart).toMatchObject({
      channel: 'pos',
      storeId: store.id,
      registerId: session.registerId,
      sessionId: session.id,
      customerId: null,
      currency: 'CAD',
      lines: [],
      subtotal: { amount: 0, currency: 'CAD' },
      taxes: [
        { code: 'GST', label: 'TPS', ratePpm: 50_000, amount: { amount: 0, currency: 'CAD' } },
        { code: 'QST', label: 'TVQ', ratePpm: 99_750, amount: { amount: 0, currency: 'CAD' } },
      ],
      total: { amount: 0, currency: 'CAD' },
      version: 1,
    });
    expect(cart.id).toMatch(/^crt_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(opened.headers.etag).toBe('"1"');
    // A shift: 43 200 s after the last change.
    expect(Date.parse(cart.expiresAt) - Date.parse(cart.updatedAt)).toBe(43_200_000);
  });

  it('one cart per session even when opened twice at once', async () => {
    const { session, cashier } = await t.till();
    const answers = await Promise.all(Array.from({ length: 12 }, () => t.open(session.id, cashier)));
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses).toEqual([...Array(11).fill(200), 201]);
    const ids = new Set(answers.map((answer) => answer.json().id));
    expect(ids.size).toBe(1);
    const again = await t.open(session.id, cashier);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe([...ids][0]);
  });

  it('a cart for a closed session is refused', async () => {
    const { store, cashier } = await t.till();
    const closed = t.stores.session(store.id, 'closed');
    const refused = await t.open(closed.id, cashier);
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'CART_SESSION_NOT_OPEN', sessionStatus: 'closed' });
  });

  it('once its session is closed, a session’s cart is no longer opened', async () => {
    const { session, cashier } = await t.till();
    expect((await t.open(session.id, cashier)).statusCode).toBe(201);
    t.stores.close(session.id);
    const refused = await t.open(session.id, cashier);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('CART_SESSION_NOT_OPEN');
  });

  it('a session stores does not know is a 404', async () => {
    const { cashier } = await t.till();
    const missing = await t.open('ses_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', cashier);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CART_SESSION_NOT_FOUND');
  });

  it('asks stores with the caller’s own token, so stores applies its rules to the same person', async () => {
    const { session, cashier } = await t.till();
    await t.open(session.id, cashier);
    expect(t.stores.sessionCalls.at(-1)).toBe(cashier.authorization);
  });

  it('the store’s manager and head office may open it too; a customer or a seller may not', async () => {
    const { store, session } = await t.till();
    const manager = await t.as(['store_manager'], [store.id]);
    expect((await t.open(session.id, manager)).statusCode).toBe(201);
    expect((await t.open(session.id, t.headOffice)).statusCode).toBe(200);
    for (const role of ['customer', 'seller'] as const) {
      const outsider = await t.as([role], [store.id]);
      const refused = await t.open(session.id, outsider);
      expect(refused.statusCode, role).toBe(403);
    }
  });

  it('without a token, nothing is answered but a 401', async () => {
    const { session, cashier } = await t.till();
    const cart: Cart = (await t.open(session.id, cashier)).json();
    for (const [method, url] of [
      ['POST', '/carts'],
      ['GET', `/carts/${cart.id}`],
      ['GET', `/carts?sessionId=${session.id}`],
      ['DELETE', `/carts/${cart.id}`],
    ] as const) {
      const answer = await t.app.inject({ method, url, payload: { sessionId: session.id } });
      expect(answer.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});

describe('who sees a cart', () => {
  it('a cashier of another store can neither open, read, change nor discard it: for them it does not exist', async () => {
    const { session, cashier } = await t.till();
    const cart: Cart = (await t.open(session.id, cashier)).json();
    const elsewhere = await t.as(['cashier', 'store_manager'], [t.stores.store().id], 'usr_elsewhere');
    const product = await t.product();
    const answers = await Promise.all([
      t.open(session.id, elsewhere),
      t.app.inject({ method: 'GET', url: `/carts/${cart.id}`, headers: elsewhere }),
      t.app.inject({ method: 'GET', url: `/carts?sessionId=${session.id}`, headers: elsewhere }),
      t.add(cart.id, product.sku, 1, elsewhere),
      t.app.inject({ method: 'DELETE', url: `/carts/${cart.id}`, headers: elsewhere }),
    ]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([404, 404, 404, 404, 404]);
    const unchanged = await t.read(cart.id, cashier);
    expect(unchanged).toEqual(cart);
  });

  it('the store’s manager and head office read it; a customer gets a 404', async () => {
    const { store, session, cashier } = await t.till();
    const cart: Cart = (await t.open(session.id, cashier)).json();
    expect(await t.read(cart.id, await t.as(['store_manager'], [store.id]))).toEqual(cart);
    expect(await t.read(cart.id, t.headOffice)).toEqual(cart);
    const customer = await t.as(['customer']);
    const hidden = await t.app.inject({ method: 'GET', url: `/carts/${cart.id}`, headers: customer });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('CART_NOT_FOUND');
  });

  it('the session’s cart is found by session id; a session without one is a 404', async () => {
    const { session, cashier } = await t.till();
    const none = await t.app.inject({
      method: 'GET',
      url: `/carts?sessionId=${session.id}`,
      headers: cashier,
    });
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('CART_NOT_FOUND');
    const cart: Cart = (await t.open(session.id, cashier)).json();
    const found = await t.app.inject({
      method: 'GET',
      url: `/carts?sessionId=${session.id}`,
      headers: cashier,
    });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual(cart);
    expect(found.headers.etag).toBe('"1"');
  });

  it('a replica on the same store sees the carts another replica made', async () => {
    const other = await t.replica();
    const { session, cashier } = await t.till();
    const cart: Cart = (await t.open(session.id, cashier)).json();
    const product = await t.product();
    expect((await t.add(cart.id, product.sku, 2, cashier, other)).statusCode).toBe(200);
    expect((await t.read(cart.id, cashier)).lines.map((line) => line.quantity)).toEqual([2]);
  });
});

describe('discarding a cart', () => {
  it('after a sale the cart is discarded; discarding again is still a 204, and the session gets a new cart', async () => {
    const { session, cashier } = await t.till();
    const first: Cart = (await t.open(session.id, cashier)).json();
    const discard = () => t.app.inject({ method: 'DELETE', url: `/carts/${first.id}`, headers: cashier });
    expect((await discard()).statusCode).toBe(204);
    const gone = await t.app.inject({ method: 'GET', url: `/carts/${first.id}`, headers: cashier });
    expect(gone.statusCode).toBe(404);
    expect((await discard()).statusCode).toBe(204);
    const product = await t.product();
    expect((await t.add(first.id, product.sku, 1, cashier)).statusCode).toBe(404);

    const next = await t.open(session.id, cashier);
    expect(next.statusCode).toBe(201);
    expect(next.json().id).not.toBe(first.id);
    const bySession = await t.app.inject({
      method: 'GET',
      url: `/carts?sessionId=${session.id}`,
      headers: cashier,
    });
    expect(bySession.json().id).toBe(next.json().id);
  });

  it('with If-Match, a cart changed since it was read is not discarded (412)', async () => {
    const { session, cashier } = await t.till();
    const cart: Cart = (await t.open(session.id, cashier)).json();
    const product = await t.product();
    await t.add(cart.id, product.sku, 1, cashier);
    const stale = await t.app.inject({
      method: 'DELETE',
      url: `/carts/${cart.id}`,
      headers: { ...cashier, 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'CART_VERSION_MISMATCH', currentVersion: 2 });
    expect((await t.read(cart.id, cashier)).lines).toHaveLength(1);
    const current = await t.app.inject({
      method: 'DELETE',
      url: `/carts/${cart.id}`,
      headers: { ...cashier, 'if-match': '"2"' },
    });
    expect(current.statusCode).toBe(204);
  });
});

describe('a cart’s time to live', () => {
  it('a cart left alone past its time to live is gone, and every write starts that time again', async () => {
    const shortLived = await t.replica({ CART_TTL_SECONDS: '2' });
    const { session, cashier } = await t.till();
    const opened = await shortLived.inject({
      method: 'POST',
      url: '/carts',
      headers: cashier,
      payload: { sessionId: session.id },
    });
    const cart: Cart = opened.json();
    expect(Date.parse(cart.expiresAt) - Date.parse(cart.updatedAt)).toBe(2_000);
    const product = await t.product();
    await sleep(1_300);
    const added = await t.add(cart.id, product.sku, 1, cashier, shortLived);
    expect(added.statusCode).toBe(200);
    await sleep(1_300); // 2,6 s after opening, 1,3 s after the write
    expect((await t.read(cart.id, cashier)).lines).toHaveLength(1);
    const bySession = () =>
      shortLived.inject({ method: 'GET', url: `/carts?sessionId=${session.id}`, headers: cashier });
    expect((await bySession()).statusCode).toBe(200);
    await sleep(2_200);
    const gone = await shortLived.inject({ method: 'GET', url: `/carts/${cart.id}`, headers: cashier });
    expect(gone.statusCode).toBe(404);
    expect((await bySession()).statusCode).toBe(404);
  });
});

describe('while the cart store (Redis) is unreachable', () => {
  it('a cashier opening a basket hears 503 CART_STORAGE_UNAVAILABLE, never a 500', async () => {
    const down = await t.replica({}, { unreachable: true });
    const { session, cashier } = await t.till();
    const answer = await down.inject({
      method: 'POST',
      url: '/carts',
      headers: cashier,
      payload: { sessionId: session.id },
    });
    expect(answer.statusCode, answer.body).toBe(503);
    expect(answer.json()).toMatchObject({ code: 'CART_STORAGE_UNAVAILABLE', status: 503 });
  });
});
