/**
 * The OWASP API Security Top 10 (2023) as tables, through the gateway with every service real
 * (issue 8, item 5): someone else's object by id (API1), each role against each protected route
 * family (API5), fields a client must not set (API3/API6), resource limits (API4), and no stack
 * trace or server path in any error answer of the run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, newId } from '../support/platform.ts';
import { cad } from './support/money.ts';
import { callJson, leaks, send } from './support/send.ts';
import { approvingCard, buildWorld, type Caller, type World } from './support/world.ts';

const world: World = await buildWorld();
afterAll(() => world.platform.close());
const call = (
  method: string,
  url: string,
  body?: unknown,
  token?: string,
  headers?: Record<string, string>,
) => callJson(world.platform.api, method, url, body, token, headers);

const address = {
  name: 'Jeanne Tremblay',
  line1: '1234, rue Rachel Est',
  city: 'Montréal',
  region: 'QC',
  postalCode: 'H2J 2J3',
  country: 'CA',
};

describe('API1 broken object level authorization: user B asks for user A’s object by id', () => {
  // [what, method, path, body, B's token] — B is another customer, or the cashier/manager/seller of
  // another store; every service refuses with 404 (it does not say the object exists) or 403.
  const rows: [string, string, () => string, unknown, () => string][] = [
    [
      'an online order',
      'GET',
      () => `/ordering/orders/${world.orderId}`,
      undefined,
      () => world.otherCustomer.token,
    ],
    [
      'the order page',
      'GET',
      () => `/views/orders/${world.orderId}`,
      undefined,
      () => world.otherCustomer.token,
    ],
    [
      "the order's live tracking",
      'GET',
      () => `/notifications/orders/${world.orderId}/events`,
      undefined,
      () => world.otherCustomer.token,
    ],
    [
      "the order's shipment",
      'POST',
      () => `/ordering/orders/${world.orderId}/shipments`,
      { skus: [world.product.sku], carrier: 'Postes Canada', trackingNumber: 'X1' },
      () => world.otherSeller.token,
    ],
    [
      'a payment',
      'GET',
      () => `/payments/payments/${world.paymentId}`,
      undefined,
      () => world.otherCustomer.token,
    ],
    [
      "a payment's refunds",
      'GET',
      () => `/payments/payments/${world.paymentId}/refunds`,
      undefined,
      () => world.otherCustomer.token,
    ],
    [
      'a refund of a payment',
      'POST',
      () => `/payments/payments/${world.paymentId}/refunds`,
      { amount: cad(100), reason: 'à moi' },
      () => world.otherCustomer.token,
    ],
    [
      "a customer's cart",
      'GET',
      () => `/cart/carts/${world.customerCartId}`,
      undefined,
      () => world.otherCustomer.token,
    ],
    [
      "a line in a customer's cart",
      'POST',
      () => `/cart/carts/${world.customerCartId}/lines`,
      { sku: world.product.sku, quantity: 1 },
      () => world.otherCustomer.token,
    ],
    [
      "a customer's cart, discarded",
      'DELETE',
      () => `/cart/carts/${world.customerCartId}`,
      undefined,
      () => world.otherCustomer.token,
    ],
    [
      "another store's register cart",
      'GET',
      () => `/cart/carts/${world.shopA.cartId}`,
      undefined,
      () => world.shopB.cashier.token,
    ],
    [
      "another store's register",
      'GET',
      () => `/stores/registers/${world.shopA.registerId}`,
      undefined,
      () => world.shopB.cashier.token,
    ],
    [
      "another store's register, opened",
      'POST',
      () => `/stores/registers/${world.shopA.registerId}/sessions`,
      { openingFloat: cad(100) },
      () => world.shopB.cashier.token,
    ],
    [
      "another store's register page",
      'GET',
      () => `/views/registers/${world.shopA.registerId}`,
      undefined,
      () => world.shopB.cashier.token,
    ],
    [
      "another store's registers",
      'GET',
      () => `/stores/stores/${world.shopA.storeId}/registers`,
      undefined,
      () => world.shopB.manager.token,
    ],
    [
      "another store's cash session",
      'GET',
      () => `/stores/sessions/${world.shopA.sessionId}`,
      undefined,
      () => world.shopB.cashier.token,
    ],
    [
      "another store's X report",
      'GET',
      () => `/stores/sessions/${world.shopA.sessionId}/reports/x`,
      undefined,
      () => world.shopB.manager.token,
    ],
    [
      "another store's session, closed",
      'POST',
      () => `/stores/sessions/${world.shopA.sessionId}/close`,
      { countedCash: cad(0) },
      () => world.shopB.manager.token,
    ],
    [
      "another store's sale",
      'GET',
      () => `/ordering/sales/${world.shopA.saleId}`,
      undefined,
      () => world.shopB.cashier.token,
    ],
    [
      "another store's sale, returned",
      'POST',
      () => `/ordering/sales/${world.shopA.saleId}/returns`,
      {
        returnId: newId('ret'),
        sessionId: world.shopB.sessionId,
        lines: [{ sku: world.product.sku, quantity: 1 }],
      },
      () => world.shopB.cashier.token,
    ],
    [
      "another store's stock, received",
      'POST',
      () => '/inventory/receipts',
      { locationId: world.shopA.locationId, lines: [{ sku: world.product.sku, quantity: 5 }] },
      () => world.shopB.manager.token,
    ],
    [
      "another user's account",
      'GET',
      () => `/identity/users/${world.customer.id}`,
      undefined,
      () => world.otherCustomer.token,
    ],
    [
      "another seller's API key, revoked",
      'DELETE',
      () => `/identity/api-keys/${world.apiKeyId}`,
      undefined,
      () => world.otherSeller.token,
    ],
  ];

  it.each(rows)('%s (%s) is refused', async (_what, method, path, body, token) => {
    const headers: Record<string, string> = method === 'POST' ? { 'idempotency-key': newId('key') } : {};
    const answer = await call(method, path(), body, token(), headers);
    expect([403, 404]).toContain(answer.status);
  });

  it("another seller can neither edit a seller's product, ship or deliver its order, nor see its sales", async () => {
    const { seller, otherSeller, customer } = world;
    const sku = `SEL-${Date.now().toString(36).toUpperCase()}`;
    const product = await call(
      'POST',
      '/catalog/products',
      {
        sku,
        name: `Bougie ${sku}`,
        description: 'Cire.',
        price: cad(900),
        categoryId: world.categoryId,
        active: true,
      },
      seller.token,
    );
    expect(product.status).toBe(201);
    await eventually(async () =>
      (await call('GET', `/inventory/stock/${sku}`)).status === 200 ? true : undefined,
    );
    const receipt = { locationId: 'loc_online', lines: [{ sku, quantity: 3 }] };
    expect((await call('POST', '/inventory/receipts', receipt, world.platform.admin)).status).toBe(201);
    const placed = await call(
      'POST',
      '/ordering/orders',
      { lines: [{ sku, quantity: 1 }], shippingAddress: address, payment: approvingCard },
      customer.token,
      { 'idempotency-key': newId('key') },
    );
    const orderId: string = placed.body.orderId;
    await eventually(async () => {
      const order = await call('GET', `/ordering/orders/${orderId}`, undefined, customer.token);
      return order.body?.status === 'confirmed' ? true : undefined;
    });
    const edit = await call(
      'PATCH',
      `/catalog/products/${product.body.id}`,
      { price: cad(1) },
      otherSeller.token,
      {
        'if-match': product.headers.get('etag') ?? '"1"',
      },
    );
    expect([403, 404]).toContain(edit.status);
    const shipment = { skus: [sku], carrier: 'Postes Canada', trackingNumber: 'CA123' };
    const stolen = await call('POST', `/ordering/orders/${orderId}/shipments`, shipment, otherSeller.token);
    expect([403, 404]).toContain(stolen.status);
    const shipped = await call('POST', `/ordering/orders/${orderId}/shipments`, shipment, seller.token);
    expect(shipped.status).toBe(201);
    const shipmentId: string = shipped.body.shipments[0].id;
    const delivered = await call(
      'POST',
      `/ordering/orders/${orderId}/shipments/${shipmentId}/delivered`,
      undefined,
      otherSeller.token,
    );
    expect([403, 404]).toContain(delivered.status);
    const theirs = await call('GET', '/ordering/seller/sales', undefined, otherSeller.token);
    expect(JSON.stringify(theirs.body.items)).not.toContain(orderId);
    const mine = await call('GET', '/ordering/seller/sales', undefined, seller.token);
    expect(JSON.stringify(mine.body.items)).toContain(orderId);
    expect((await call('GET', `/catalog/products/${product.body.id}`)).body.price).toEqual(cad(900));
  });

  it('left every object as it was: the cart, the session, the sale, the key, the payment', async () => {
    const cart = await call('GET', `/cart/carts/${world.customerCartId}`, undefined, world.customer.token);
    expect(cart.status).toBe(200);
    expect(cart.body.lines).toEqual([]);
    const session = await call(
      'GET',
      `/stores/sessions/${world.shopA.sessionId}`,
      undefined,
      world.shopA.cashier.token,
    );
    expect(session.body.status).toBe('open');
    const sale = await call(
      'GET',
      `/ordering/sales/${world.shopA.saleId}`,
      undefined,
      world.shopA.cashier.token,
    );
    expect(sale.body.returns).toEqual([]);
    const keys = await call('GET', '/identity/api-keys', undefined, world.seller.token);
    expect(keys.body.items.map((key: { id: string }) => key.id)).toContain(world.apiKeyId);
    const refunds = await call(
      'GET',
      `/payments/payments/${world.paymentId}/refunds`,
      undefined,
      world.platform.admin,
    );
    expect(refunds.body.items).toEqual([]);
  });
});

describe('API5 broken function level authorization: each role against each protected route family', () => {
  // Allowed callers get past authorization (the empty body then fails validation, nothing is
  // changed); the others get 401 (anonymous) or 403. Columns: customer, seller, cashier, manager, admin.
  const Y = true;
  const n = false;
  const matrix: [string, string, string, unknown, boolean[]][] = [
    ['catalog: create a product', 'POST', '/catalog/products', {}, [n, Y, n, n, Y]],
    // The gateway lets sellers write to catalog; categories are head office's (catalog refuses them).
    ['catalog: create a category', 'POST', '/catalog/categories', {}, [n, n, n, n, Y]],
    ['identity: list users', 'GET', '/identity/users?limit=1', undefined, [n, n, n, n, Y]],
    ['identity: edit a user', 'PATCH', '/identity/users/usr_00000000000000000000000000', {}, [n, n, n, n, Y]],
    ['identity: list OAuth clients', 'GET', '/identity/oauth/clients', undefined, [n, n, n, n, Y]],
    ['identity: create an API key', 'POST', '/identity/api-keys', {}, [n, Y, n, n, Y]],
    ['stores: create a store', 'POST', '/stores/stores', {}, [n, n, n, n, Y]],
    ['stores: edit a store', 'PATCH', '/stores/stores/sto_00000000000000000000000000', {}, [n, n, n, n, Y]],
    ['ordering: sell at a register', 'POST', '/ordering/sales', {}, [n, n, Y, Y, Y]],
    ['ordering: list sales', 'GET', '/ordering/sales', undefined, [n, n, Y, Y, Y]],
    // A seller's own lines: head office, not a seller, has none (ordering answers 403).
    ['ordering: a seller’s sales', 'GET', '/ordering/seller/sales', undefined, [n, Y, n, n, n]],
    [
      'ordering: ship an order',
      'POST',
      '/ordering/orders/ord_00000000000000000000000000/shipments',
      {},
      [n, Y, n, n, Y],
    ],
    [
      'views: a register page',
      'GET',
      '/views/registers/reg_00000000000000000000000000',
      undefined,
      [n, n, Y, Y, Y],
    ],
    ['operators: a service’s metrics', 'GET', '/catalog/metrics', undefined, [n, n, n, n, Y]],
    ['operators: dead letters', 'GET', '/catalog/admin/dead-letters', undefined, [n, n, n, n, Y]],
  ];
  const roles: Exclude<Caller, 'anonymous'>[] = ['customer', 'seller', 'cashier', 'manager', 'admin'];
  const cases = matrix.flatMap(([family, method, path, body, allowed]) => [
    [family, 'anonymous', method, path, body, false] as const,
    ...roles.map((role, i) => [family, role, method, path, body, allowed[i] ?? false] as const),
  ]);

  it.each(cases)('%s as %s: allowed = %5$s', async (_family, caller, method, path, body, allowed) => {
    const answer = await call(method, path, body, world.token(caller));
    if (allowed) expect([401, 403]).not.toContain(answer.status);
    else expect(answer.status).toBe(caller === 'anonymous' ? 401 : 403);
    expect(answer.status).toBeLessThan(500);
  });
});

describe('API3/API6 mass assignment: fields a client must not set have no effect', () => {
  it('a visitor signing up with roles gets no role but customer', async () => {
    const email = `intrus.${Date.now().toString(36)}@comptoir.test`;
    const password = 'Caisse-enregistreuse-42';
    const signUp = await call('POST', '/identity/users', {
      email,
      password,
      displayName: 'Intrus',
      roles: ['admin'],
    });
    expect([400, 403]).toContain(signUp.status);
    const plain = await call('POST', '/identity/users', {
      email,
      password,
      displayName: 'Intrus',
      emailVerified: true,
    });
    if (plain.status === 201) expect(plain.body.roles).toEqual(['customer']);
    else expect([400, 403]).toContain(plain.status);
  });

  it('a customer cannot give themselves a role or another store', async () => {
    const answer = await call(
      'PATCH',
      '/identity/users/me',
      { displayName: 'Moi', roles: ['admin'], storeIds: [world.shopA.storeId] },
      world.customer.token,
    );
    expect(answer.status).toBe(400);
    const me = await call('GET', '/identity/users/me', undefined, world.customer.token);
    expect(me.body.roles).toEqual(['customer']);
    expect(me.body.storeIds ?? []).toEqual([]);
  });

  it('a cart line takes the catalog price, never one in the body', async () => {
    const cart = await call('POST', '/cart/carts', { channel: 'online' }, world.otherCustomer.token);
    const answer = await call(
      'POST',
      `/cart/carts/${cart.body.id}/lines`,
      { sku: world.product.sku, quantity: 1, unitPrice: cad(1), price: cad(1) },
      world.otherCustomer.token,
    );
    expect(answer.status).toBe(400);
    const stored = await call('GET', `/cart/carts/${cart.body.id}`, undefined, world.otherCustomer.token);
    expect(stored.body.lines).toEqual([]);
  });

  it('a checkout cannot set its total, status or customer', async () => {
    const answer = await call(
      'POST',
      '/ordering/orders',
      {
        lines: [{ sku: world.product.sku, quantity: 1 }],
        shippingAddress: address,
        payment: approvingCard,
        total: cad(1),
        status: 'confirmed',
        customerId: world.customer.id,
      },
      world.otherCustomer.token,
      { 'idempotency-key': newId('key') },
    );
    expect(answer.status).toBe(400);
    const mine = await call('GET', '/ordering/orders', undefined, world.otherCustomer.token);
    expect(mine.body.items).toEqual([]);
  });

  it('a sale cannot set its total or a line price', async () => {
    const saleId = newId('sal');
    const answer = await call(
      'POST',
      '/ordering/sales',
      {
        saleId,
        cartId: world.shopA.cartId,
        payment: { method: 'cash', tendered: cad(100_000) },
        total: cad(1),
      },
      world.shopA.cashier.token,
      { 'idempotency-key': saleId },
    );
    expect(answer.status).toBe(400);
    expect(
      (await call('GET', `/ordering/sales/${saleId}`, undefined, world.shopA.cashier.token)).status,
    ).toBe(404);
  });

  it('a product edit cannot set stock, and a payment cannot be created already succeeded', async () => {
    const before = await call('GET', `/inventory/stock/${world.product.sku}`);
    const product = await call('GET', `/catalog/products/${world.product.id}`);
    const edit = await call(
      'PATCH',
      `/catalog/products/${world.product.id}`,
      { stock: 1_000_000 },
      world.platform.admin,
      { 'if-match': product.headers.get('etag') ?? '' },
    );
    expect(edit.status).toBe(400);
    expect((await call('GET', `/inventory/stock/${world.product.sku}`)).body).toEqual(before.body);
    const payment = await call(
      'POST',
      '/payments/payments',
      { amount: cad(100), method: 'cash', status: 'succeeded' },
      world.shopA.cashier.token,
      { 'idempotency-key': newId('key') },
    );
    expect(payment.status).toBe(400);
  });

  it('a cash session cannot be opened for another cashier or already closed', async () => {
    const answer = await call(
      'POST',
      `/stores/registers/${world.shopB.registerId}/sessions`,
      { openingFloat: cad(100), cashierId: world.shopA.cashier.id, status: 'closed' },
      world.shopB.manager.token,
    );
    expect(answer.status).toBe(400);
  });
});

describe('API4 unrestricted resource consumption: limits refuse oversized asks with a 4xx', () => {
  it.each([
    ['/catalog/products?limit=1000000'],
    ['/catalog/products?limit=-1'],
    ['/inventory/locations?limit=99999999999999999999'],
  ])('a page size out of bounds (%s) is a 400', async (path) => {
    expect((await call('GET', path)).status).toBe(400);
  });

  it('a body over the limit is a 413, signed in or not', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    for (const [path, token] of [
      ['/catalog/products', world.platform.admin],
      ['/identity/sessions', undefined],
    ] as const) {
      const answer = await send(world.platform.api, { method: 'POST', url: path, token, body: huge });
      expect(answer.status).toBe(413);
    }
  });

  it.each([
    ['arrays', (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`],
    ['objects', (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`],
  ])('deeply nested JSON (%s, 100 000 levels) is a 4xx, not a crash', async (_kind, nest) => {
    const answer = await send(world.platform.api, {
      method: 'POST',
      url: '/catalog/products',
      token: world.platform.admin,
      body: nest(100_000),
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });

  it('a URL longer than any header limit is a 4xx', async () => {
    const answer = await send(world.platform.api, {
      method: 'GET',
      url: `/catalog/products?q=${'a'.repeat(20_000)}`,
    });
    expect([414, 431]).toContain(answer.status);
  });

  it.each([
    ['/catalog/categories/%00'],
    ['/inventory/reservations/%00'],
    ['/ordering/orders/%00'],
    ['/payments/payments/%00'],
    ['/identity/users/%00'],
  ])('an id no table can hold (a NUL byte: %s) is a 400, not a 500', async (path) => {
    const answer = await call('GET', path, undefined, world.platform.admin);
    expect(answer.status).toBe(400);
  });
});

describe('no stack trace ever leaves a service', () => {
  it('malformed JSON, a wrong media type and a NUL in a stored text answer clean problems', async () => {
    const answers = [
      await send(world.platform.api, {
        method: 'POST',
        url: '/catalog/products',
        token: world.platform.admin,
        body: '{"sku":',
      }),
      await send(world.platform.api, {
        method: 'POST',
        url: '/catalog/products',
        token: world.platform.admin,
        body: '{}',
        contentType: 'text/plain',
      }),
      await send(world.platform.api, {
        method: 'PATCH',
        url: '/identity/users/me',
        token: world.customer.token,
        body: JSON.stringify({ displayName: 'a\u0000b' }),
      }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([400, 415, 400]);
    for (const answer of answers) expect(answer.contentType).toContain('application/problem+json');
  });

  it('in any error answer of this run: no stack frame, source position or server path', () => {
    expect(leaks().map((leak) => `${leak.status} ${leak.request}: ${leak.text.slice(0, 300)}`)).toEqual([]);
  });
});
