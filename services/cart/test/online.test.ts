import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cart } from '@comptoir/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, START_TIMEOUT_MS, startCart, type TestCart } from './cart.fixture.ts';

let t: TestCart;
beforeAll(async () => {
  t = await startCart();
}, START_TIMEOUT_MS);
afterAll(() => t?.close());

const cad = (amount: number) => ({ amount, currency: 'CAD' });
type Headers = Record<string, string>;
type Merged = {
  cart: Cart;
  capped: Array<{ sku: string; requested: number; kept: number }>;
  dropped: Array<{ sku: string; reason: string }>;
};
type Repriced = {
  cart: Cart;
  changes: Array<{ sku: string; from: unknown; to: unknown }>;
  removed: Array<{ sku: string; reason: string }>;
};

function merge(cartId: string, customer: Headers, visitor: Headers, on = t.app) {
  return on.inject({
    method: 'POST',
    url: '/carts/mine/merge',
    headers: { ...customer, ...visitor },
    payload: { cartId },
  });
}

function reprice(cartId: string, headers: Headers): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: `/carts/${cartId}/reprice`, headers });
}

async function mine(customer: Headers): Promise<Cart> {
  return expectStatus<Cart>(t.app, 200, { method: 'GET', url: '/carts/mine', headers: customer });
}

/** The customer's cart, made now. */
async function customerCart(customer: Headers): Promise<Cart> {
  const opened = await t.openOnline(customer);
  expect(opened.statusCode, opened.body).toBe(201);
  return opened.json();
}

async function fill(cartId: string, headers: Headers, lines: Array<[string, number]>): Promise<Cart> {
  let cart: Cart | undefined;
  for (const [sku, quantity] of lines) {
    const added = await t.add(cartId, sku, quantity, headers);
    expect(added.statusCode, added.body).toBe(200);
    cart = added.json();
  }
  if (!cart) throw new Error('no lines to add');
  return cart;
}

const quantities = (cart: Cart) =>
  Object.fromEntries(cart.lines.map((line) => [line.sku, line.quantity] as const));

describe('a customer’s cart', () => {
  it('a customer’s first cart is empty, in CAD with Quebec’s taxes, and theirs alone', async () => {
    const alice = await t.customer('alice');
    const none = await t.app.inject({ method: 'GET', url: '/carts/mine', headers: alice });
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('CART_NOT_FOUND');

    const opened = await t.openOnline(alice);
    expect(opened.statusCode, opened.body).toBe(201);
    const cart: Cart = opened.json();
    expect(cart).toMatchObject({
      channel: 'online',
      storeId: null,
      registerId: null,
      sessionId: null,
      currency: 'CAD',
      lines: [],
      taxes: [
        { code: 'GST', label: 'TPS', ratePpm: 50_000, amount: cad(0) },
        { code: 'QST', label: 'TVQ', ratePpm: 99_750, amount: cad(0) },
      ],
      total: cad(0),
      version: 1,
    });
    expect(cart.customerId).toMatch(/^usr_alice_/);
    expect(opened.json()).not.toHaveProperty('cartToken');
    expect(opened.headers.etag).toBe('"1"');
    expect(await mine(alice)).toEqual(cart);
    const again = await t.openOnline(alice);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(cart);
  });

  it('a customer has one cart even when asked twice at once', async () => {
    const bob = await t.customer('bob');
    const replicas = [await t.replica({}, { lagging: true }), await t.replica({}, { lagging: true })];
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.openOnline(bob, replicas[i % 2])),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([...Array(11).fill(200), 201]);
    const ids = new Set(answers.map((answer) => answer.json().id));
    expect(ids.size).toBe(1);
    expect((await mine(bob)).id).toBe([...ids][0]);
    // Another customer has a cart of their own.
    const other = await customerCart(await t.customer('carol'));
    expect(ids.has(other.id)).toBe(false);
  });

  it('only its customer and head office see it; to anyone else it does not exist', async () => {
    const dave = await t.customer('dave');
    const cart = await customerCart(dave);
    const product = await t.product();
    await fill(cart.id, dave, [[product.sku, 1]]);
    expect((await t.read(cart.id, t.headOffice)).lines).toHaveLength(1);
    const { visitor } = await t.anonymous();
    for (const headers of [
      await t.customer('eve'),
      await t.as(['cashier', 'store_manager'], [t.stores.store().id]),
      await t.as(['seller']),
      visitor, // an anonymous cart's token opens that cart only
    ]) {
      const answers = await Promise.all([
        t.app.inject({ method: 'GET', url: `/carts/${cart.id}`, headers }),
        t.add(cart.id, product.sku, 1, headers),
        reprice(cart.id, headers),
        t.app.inject({ method: 'DELETE', url: `/carts/${cart.id}`, headers }),
      ]);
      expect(answers.map((answer) => answer.statusCode)).toEqual([404, 404, 404, 404]);
    }
    expect((await mine(dave)).lines.map((line) => line.quantity)).toEqual([1]);
  });

  it('a customer cart is a customer’s: staff are refused one (403), and a refused token is a 401, not a visitor', async () => {
    const cashier = await t.as(['cashier'], [t.stores.store().id]);
    const refused = await t.openOnline(cashier);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('AUTH_FORBIDDEN');
    const expired = {
      authorization: `Bearer ${await t.auth.tokenFor({ subject: 'usr_late', roles: ['customer'] }, { expiresInSeconds: -60 })}`,
    };
    const stale = await t.openOnline(expired);
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).not.toHaveProperty('cartToken');
    const mineWithout = await t.app.inject({ method: 'GET', url: '/carts/mine' });
    expect(mineWithout.statusCode).toBe(401);
  });

  it('online carts take the shop’s currency (CART_ONLINE_CURRENCY); a product in another is refused', async () => {
    const euros = await t.replica({ CART_ONLINE_CURRENCY: 'EUR' });
    const frank = await t.customer('frank');
    const opened = await t.openOnline(frank, euros);
    const cart: Cart = opened.json();
    expect(cart.currency).toBe('EUR');
    expect(cart.total).toEqual({ amount: 0, currency: 'EUR' });
    const product = await t.product({ price: cad(1000) });
    const refused = await t.add(cart.id, product.sku, 1, frank, euros);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('CART_CURRENCY_MISMATCH');
  });
});

describe('a visitor’s anonymous cart', () => {
  it('a visitor gets a cart and its secret; only the secret’s hash is stored', async () => {
    const opened = await t.openOnline();
    expect(opened.statusCode, opened.body).toBe(201);
    const { cartToken, ...cart } = opened.json() as Cart & { cartToken: string };
    expect(cartToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(cartToken, 'base64url')).toHaveLength(32);
    expect(cart).toMatchObject({ channel: 'online', customerId: null, sessionId: null, currency: 'CAD' });
    const stored = await t.cache.get<Record<string, unknown>>(`carts:${cart.id}`);
    expect(stored?.tokenHash).toBe(createHash('sha256').update(cartToken).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(cartToken);
    // Every visitor gets a cart (and a secret) of their own.
    const other = (await t.openOnline()).json();
    expect(other.id).not.toBe(cart.id);
    expect(other.cartToken).not.toBe(cartToken);
  });

  it('an anonymous cart needs its token', async () => {
    const { cart, visitor } = await t.anonymous();
    const product = await t.product();
    const filled = await fill(cart.id, visitor, [[product.sku, 2]]);
    const { visitor: otherVisitor } = await t.anonymous();
    const forged = { 'x-cart-token': Buffer.alloc(32, 7).toString('base64url') };
    for (const headers of [
      otherVisitor,
      forged,
      await t.customer('mallory'),
      t.headOffice, // not even head office: only the token opens it
    ]) {
      const answers = await Promise.all([
        t.app.inject({ method: 'GET', url: `/carts/${cart.id}`, headers }),
        t.add(cart.id, product.sku, 1, headers),
        t.app.inject({
          method: 'PATCH',
          url: `/carts/${cart.id}/lines/${product.sku}`,
          headers,
          payload: { quantity: 9 },
        }),
        t.app.inject({ method: 'DELETE', url: `/carts/${cart.id}/lines/${product.sku}`, headers }),
        reprice(cart.id, headers),
        t.app.inject({ method: 'DELETE', url: `/carts/${cart.id}`, headers }),
      ]);
      expect(answers.map((answer) => answer.statusCode)).toEqual([404, 404, 404, 404, 404, 404]);
      expect(answers[0]?.json().code).toBe('CART_NOT_FOUND');
    }
    // With no credentials at all, any cart id is a 401 (nothing is looked up).
    const bare = await t.app.inject({ method: 'GET', url: `/carts/${cart.id}` });
    expect(bare.statusCode).toBe(401);
    // A customer signing in cannot take another visitor's cart either.
    const stolen = await merge(cart.id, await t.customer('mallory'), otherVisitor);
    expect(stolen.statusCode).toBe(404);

    // With its token: the cart, unchanged, and every change the visitor makes.
    const read = await t.app.inject({ method: 'GET', url: `/carts/${cart.id}`, headers: visitor });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(filled);
    expect(Object.keys(read.json()).sort()).toEqual(Object.keys(filled).sort());
    expect(read.json()).not.toHaveProperty('tokenHash');
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/carts/${cart.id}/lines/${product.sku}`,
      headers: visitor,
      payload: { quantity: 5 },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().lines[0].quantity).toBe(5);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/carts/${cart.id}/lines/${product.sku}`,
      headers: visitor,
    });
    expect(removed.json().lines).toEqual([]);
    const discarded = await t.app.inject({ method: 'DELETE', url: `/carts/${cart.id}`, headers: visitor });
    expect(discarded.statusCode).toBe(204);
    const gone = await t.app.inject({ method: 'GET', url: `/carts/${cart.id}`, headers: visitor });
    expect(gone.statusCode).toBe(404);
  });

  it('an anonymous cart left alone past its time to live is gone', async () => {
    const shortLived = await t.replica({ CART_TTL_SECONDS: '1' });
    const opened = await t.openOnline({}, shortLived);
    const { cartToken, ...cart } = opened.json() as Cart & { cartToken: string };
    expect(Date.parse(cart.expiresAt) - Date.parse(cart.updatedAt)).toBe(1_000);
    const visitor = { 'x-cart-token': cartToken };
    await sleep(2_200);
    const gone = await shortLived.inject({ method: 'GET', url: `/carts/${cart.id}`, headers: visitor });
    expect(gone.statusCode).toBe(404);
    const late = await merge(cart.id, await t.customer('late'), visitor, shortLived);
    expect(late.statusCode).toBe(404);
  });
});

describe('merging the anonymous cart at sign-in', () => {
  it('an anonymous cart is merged into the customer’s cart at sign-in, quantities summed', async () => {
    const chair = await t.product({ name: 'Chaise', price: cad(4999) });
    const lamp = await t.product({ name: 'Lampe', price: cad(1999) });
    const table = await t.product({ name: 'Table', price: cad(10_000) });
    const grace = await t.customer('grace');
    const own = await customerCart(grace);
    await fill(own.id, grace, [
      [chair.sku, 2],
      [lamp.sku, 1],
    ]);
    const { cart: anonymous, visitor } = await t.anonymous();
    await fill(anonymous.id, visitor, [
      [chair.sku, 3],
      [table.sku, 1],
    ]);

    const merged = await merge(anonymous.id, grace, visitor);
    expect(merged.statusCode, merged.body).toBe(200);
    const answer: Merged = merged.json();
    expect(answer.capped).toEqual([]);
    expect(answer.dropped).toEqual([]);
    expect(answer.cart.id).toBe(own.id);
    expect(merged.headers.etag).toBe(`"${answer.cart.version}"`);
    expect(quantities(answer.cart)).toEqual({ [chair.sku]: 5, [lamp.sku]: 1, [table.sku]: 1 });
    const subtotal = 5 * 4999 + 1999 + 10_000; // 36 994
    expect(answer.cart).toMatchObject({
      customerId: own.customerId,
      subtotal: cad(subtotal),
      taxes: [
        { code: 'GST', amount: cad(1850) }, // 1849,7
        { code: 'QST', amount: cad(3690) }, // 3690,15
      ],
      total: cad(subtotal + 1850 + 3690),
    });
    expect(await mine(grace)).toEqual(answer.cart);
    // The anonymous cart is gone.
    const gone = await t.app.inject({ method: 'GET', url: `/carts/${anonymous.id}`, headers: visitor });
    expect(gone.statusCode).toBe(404);
    expect(await t.cache.get<Record<string, unknown>>(`carts:${anonymous.id}`)).not.toHaveProperty('lines');
  });

  it('a customer without a cart yet gets the visitor’s lines in a cart of their own', async () => {
    const product = await t.product({ price: cad(2500) });
    const { cart: anonymous, visitor } = await t.anonymous();
    await fill(anonymous.id, visitor, [[product.sku, 4]]);
    const heidi = await t.customer('heidi');
    const merged = await merge(anonymous.id, heidi, visitor);
    expect(merged.statusCode, merged.body).toBe(200);
    const { cart }: Merged = merged.json();
    expect(cart.id).not.toBe(anonymous.id);
    expect(cart.customerId).toMatch(/^usr_heidi_/);
    expect(quantities(cart)).toEqual({ [product.sku]: 4 });
    expect(await mine(heidi)).toEqual(cart);
  });

  it('a line summed past 999 keeps 999, and the answer says which and how many were asked', async () => {
    const product = await t.product();
    const ivan = await t.customer('ivan');
    const own = await customerCart(ivan);
    await fill(own.id, ivan, [[product.sku, 700]]);
    const { cart: anonymous, visitor } = await t.anonymous();
    await fill(anonymous.id, visitor, [[product.sku, 400]]);
    const answer: Merged = (await merge(anonymous.id, ivan, visitor)).json();
    expect(answer.capped).toEqual([{ sku: product.sku, requested: 1100, kept: 999 }]);
    expect(quantities(answer.cart)).toEqual({ [product.sku]: 999 });
  });

  it('merged lines take the catalog’s price at sign-in; a product no longer sold is left out, and said so', async () => {
    const chair = await t.product({ price: cad(4999) });
    const gone = await t.product({ price: cad(1500) });
    const retired = await t.product({ price: cad(800) });
    const judy = await t.customer('judy');
    const own = await customerCart(judy);
    await fill(own.id, judy, [[chair.sku, 1]]);
    const { cart: anonymous, visitor } = await t.anonymous();
    await fill(anonymous.id, visitor, [
      [chair.sku, 1],
      [gone.sku, 1],
      [retired.sku, 2],
    ]);
    await t.editProduct(chair.id, { price: cad(5499) });
    await t.deleteProduct(gone.id);
    await t.editProduct(retired.id, { active: false });

    const answer: Merged = (await merge(anonymous.id, judy, visitor)).json();
    expect(answer.cart.lines).toEqual([
      expect.objectContaining({ sku: chair.sku, quantity: 2, unitPrice: cad(5499), lineTotal: cad(10_998) }),
    ]);
    expect(answer.dropped).toEqual([
      { sku: gone.sku, reason: 'unknown_sku' },
      { sku: retired.sku, reason: 'not_for_sale' },
    ]);
  });

  it('a merge whose total would be too large to carry is refused, and the visitor keeps their cart', async () => {
    const dear = await t.product({ price: cad(4_000_000_000_000_000) });
    const dearer = await t.product({ price: cad(4_000_000_000_000_000) });
    const quinn = await t.customer('quinn');
    const own = await customerCart(quinn);
    const before = await fill(own.id, quinn, [[dear.sku, 1]]);
    const { cart: anonymous, visitor } = await t.anonymous();
    const filled = await fill(anonymous.id, visitor, [[dearer.sku, 1]]);
    const refused = await merge(anonymous.id, quinn, visitor);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('CART_AMOUNT_TOO_LARGE');
    const kept = await t.app.inject({ method: 'GET', url: `/carts/${anonymous.id}`, headers: visitor });
    expect(kept.json()).toEqual(filled);
    expect(await mine(quinn)).toEqual(before);
  });

  it('merging twice adds once', async () => {
    const product = await t.product();
    const kim = await t.customer('kim');
    const own = await customerCart(kim);
    await fill(own.id, kim, [[product.sku, 1]]);

    // One after the other: the second finds the anonymous cart gone, and changes nothing.
    const first = await t.anonymous();
    await fill(first.cart.id, first.visitor, [[product.sku, 2]]);
    expect((await merge(first.cart.id, kim, first.visitor)).statusCode).toBe(200);
    const after = await mine(kim);
    expect(quantities(after)).toEqual({ [product.sku]: 3 });
    const twice = await merge(first.cart.id, kim, first.visitor);
    expect(twice.statusCode).toBe(404);
    expect(twice.json().code).toBe('CART_NOT_FOUND');
    expect(await mine(kim)).toEqual(after);

    // At the same moment, on replicas whose cache answers late: still added once.
    const second = await t.anonymous();
    await fill(second.cart.id, second.visitor, [[product.sku, 4]]);
    const replicas = [await t.replica({}, { lagging: true }), await t.replica({}, { lagging: true })];
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => merge(second.cart.id, kim, second.visitor, replicas[i % 2])),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(
      statuses.every((status) => status === 200 || status === 404),
      statuses.join(),
    ).toBe(true);
    expect(statuses).toContain(200);
    expect(quantities(await mine(kim))).toEqual({ [product.sku]: 7 });
    const gone = await t.app.inject({
      method: 'GET',
      url: `/carts/${second.cart.id}`,
      headers: second.visitor,
    });
    expect(gone.statusCode).toBe(404);
  });

  it('a merge cut short after the anonymous cart was set aside is finished by the next one', async () => {
    const product = await t.product();
    const liamId = `usr_liam_${Date.now().toString(36)}`;
    const liam = await t.auth.headersFor({ subject: liamId, roles: ['customer'] });
    const { cart: anonymous, visitor } = await t.anonymous();
    await fill(anonymous.id, visitor, [[product.sku, 3]]);
    // What a merge leaves when its process dies right after freezing the anonymous cart.
    const key = `carts:${anonymous.id}`;
    const stored = await t.cache.get<Record<string, unknown>>(key);
    if (!stored) throw new Error('the anonymous cart is not stored');
    expect(await t.cache.compareAndSet(key, stored, { ...stored, mergingInto: liamId }, 60)).toBe(true);

    // Set aside: the visitor no longer changes it, nobody else may finish it.
    expect((await t.add(anonymous.id, product.sku, 1, visitor)).statusCode).toBe(404);
    expect((await merge(anonymous.id, await t.customer('mia'), visitor)).statusCode).toBe(404);
    const finished = await merge(anonymous.id, liam, visitor);
    expect(finished.statusCode, finished.body).toBe(200);
    expect(quantities(finished.json().cart)).toEqual({ [product.sku]: 3 });
    expect((await merge(anonymous.id, liam, visitor)).statusCode).toBe(404);
  });

  it('a merge needs the anonymous cart’s token and a customer; a customer’s own cart is not merged', async () => {
    const product = await t.product();
    const { cart: anonymous, visitor } = await t.anonymous();
    const filled = await fill(anonymous.id, visitor, [[product.sku, 1]]);
    const noah = await t.customer('noah');
    const withoutToken = await merge(anonymous.id, noah, {});
    expect(withoutToken.statusCode).toBe(404);
    const asVisitor = await t.app.inject({
      method: 'POST',
      url: '/carts/mine/merge',
      headers: visitor,
      payload: { cartId: anonymous.id },
    });
    expect(asVisitor.statusCode).toBe(401);
    const asCashier = await merge(anonymous.id, await t.as(['cashier'], ['sto_x']), visitor);
    expect(asCashier.statusCode).toBe(403);
    const own = await customerCart(noah);
    const notAnonymous = await merge(own.id, noah, visitor);
    expect(notAnonymous.statusCode).toBe(404);
    // Nothing moved.
    const read = await t.app.inject({ method: 'GET', url: `/carts/${anonymous.id}`, headers: visitor });
    expect(read.json()).toEqual(filled);
    expect((await mine(noah)).lines).toEqual([]);
  });
});

describe('checking prices before paying', () => {
  it('repricing shows the price the head office changed', async () => {
    const chair = await t.product({ price: cad(4999) });
    const lamp = await t.product({ price: cad(1999) });
    const olivia = await t.customer('olivia');
    const cart = await customerCart(olivia);
    const filled = await fill(cart.id, olivia, [
      [chair.sku, 2],
      [lamp.sku, 1],
    ]);

    // Nothing changed: no change, and the cart is not written.
    const unchanged = await reprice(cart.id, olivia);
    expect(unchanged.statusCode, unchanged.body).toBe(200);
    expect(unchanged.json()).toEqual({ cart: filled, changes: [], removed: [] });

    await t.editProduct(chair.id, { price: cad(5499) });
    const repriced = await reprice(cart.id, olivia);
    expect(repriced.statusCode, repriced.body).toBe(200);
    const answer: Repriced = repriced.json();
    expect(answer.changes).toEqual([{ sku: chair.sku, from: cad(4999), to: cad(5499) }]);
    expect(answer.removed).toEqual([]);
    const subtotal = 2 * 5499 + 1999; // 12 997
    expect(answer.cart).toMatchObject({
      version: filled.version + 1,
      lines: [
        { sku: chair.sku, unitPrice: cad(5499), lineTotal: cad(10_998) },
        { sku: lamp.sku, unitPrice: cad(1999), lineTotal: cad(1999) },
      ],
      subtotal: cad(subtotal),
      taxes: [
        { code: 'GST', amount: cad(650) }, // 649,85
        { code: 'QST', amount: cad(1296) }, // 1296,45
      ],
      total: cad(subtotal + 650 + 1296),
    });
    expect(repriced.headers.etag).toBe(`"${answer.cart.version}"`);
    expect(await mine(olivia)).toEqual(answer.cart);
    // Shown once: the next check finds nothing new.
    expect((await reprice(cart.id, olivia)).json().changes).toEqual([]);
  });

  it('a visitor reprices their anonymous cart with its token; a product no longer sold leaves it', async () => {
    const chair = await t.product({ price: cad(4999) });
    const retired = await t.product({ price: cad(800) });
    const { cart, visitor } = await t.anonymous();
    await fill(cart.id, visitor, [
      [chair.sku, 1],
      [retired.sku, 1],
    ]);
    await t.editProduct(chair.id, { price: cad(3999) });
    await t.editProduct(retired.id, { active: false });
    const answer: Repriced = (await reprice(cart.id, visitor)).json();
    expect(answer.changes).toEqual([{ sku: chair.sku, from: cad(4999), to: cad(3999) }]);
    expect(answer.removed).toEqual([{ sku: retired.sku, reason: 'not_for_sale' }]);
    expect(answer.cart.lines.map((line) => line.sku)).toEqual([chair.sku]);
    expect(answer.cart.total).toEqual(cad(3999 + 200 + 399));
  });

  it('with If-Match, a cart changed since the shop read it is not repriced (412)', async () => {
    const product = await t.product();
    const pat = await t.customer('pat');
    const cart = await customerCart(pat);
    await fill(cart.id, pat, [[product.sku, 1]]);
    const stale = await reprice(cart.id, { ...pat, 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'CART_VERSION_MISMATCH', currentVersion: 2 });
  });
});
