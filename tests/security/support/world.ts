/**
 * The platform the security tests attack: every service behind the gateway, a caller of each
 * role (and a second one, to play someone else's object), and one real object of every kind a
 * route takes an id of — two stores with registers, an open cash session and its cart, a cash
 * sale, a customer's confirmed online order with its payment, a product, a category, an API key.
 */

import { type Answer, eventually, newId, type Platform, startPlatform } from '../../support/platform.ts';
import { cad } from './money.ts';

export const ROLE_NAMES = ['anonymous', 'customer', 'seller', 'cashier', 'manager', 'admin'] as const;
export type Caller = (typeof ROLE_NAMES)[number];

export interface Person {
  id: string;
  email: string;
  token: string;
}

export interface Shop {
  storeId: string;
  locationId: string;
  registerId: string;
  cashier: Person;
  manager: Person;
  /** An open session of the cashier on `registerId`, its cart, and a cash sale made from it. */
  sessionId: string;
  cartId: string;
  saleId: string;
}

export interface World {
  platform: Platform;
  customer: Person;
  otherCustomer: Person;
  seller: Person;
  otherSeller: Person;
  adminId: string;
  /** Store A (the callers' store) and store B (someone else's). */
  shopA: Shop;
  shopB: Shop;
  product: { id: string; sku: string };
  categoryId: string;
  /** The customer's online order (confirmed, paid) and its payment. */
  orderId: string;
  paymentId: string;
  /** The customer's own online cart. */
  customerCartId: string;
  /** An API key the seller made. */
  apiKeyId: string;
  /** The token of `caller` (undefined for anonymous). */
  token(caller: Caller): string | undefined;
}

const address = {
  name: 'Jeanne Tremblay',
  line1: '1234, rue Rachel Est',
  city: 'Montréal',
  region: 'QC',
  postalCode: 'H2J 2J3',
  country: 'CA',
};
export const approvingCard = {
  method: 'card',
  card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' },
};

function expectStatus(answer: Answer, status: number, what: string): void {
  if (answer.status !== status)
    throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
}

const tag = () =>
  Date.now().toString(36).toUpperCase() +
  Math.floor(Math.random() * 1e4)
    .toString(36)
    .toUpperCase();

async function openShop(platform: Platform, code: string, sku: string): Promise<Shop> {
  const { call, admin } = platform;
  const store = await call(
    'POST',
    '/stores/stores',
    { code, name: `Comptoir ${code}`, district: 'Montréal', type: 'boutique', address: '1, rue du Test' },
    admin,
  );
  expectStatus(store, 201, 'store');
  const storeId: string = store.body.id;
  const register = await call('POST', `/stores/stores/${storeId}/registers`, { name: 'Caisse 1' }, admin);
  expectStatus(register, 201, 'register');
  const locationId = await eventually(async () => {
    const found = await call('GET', `/inventory/locations?storeId=${storeId}`);
    return found.body.items?.[0]?.id as string | undefined;
  });
  expectStatus(
    await call('POST', '/inventory/receipts', { locationId, lines: [{ sku, quantity: 50 }] }, admin),
    201,
    'receipt',
  );
  const cashier = await platform.person(['cashier'], [storeId]);
  const manager = await platform.person(['store_manager'], [storeId]);
  const session = await call(
    'POST',
    `/stores/registers/${register.body.id}/sessions`,
    { openingFloat: cad(10_000) },
    cashier.token,
  );
  expectStatus(session, 201, 'session');
  const cart = await call('POST', '/cart/carts', { sessionId: session.body.id }, cashier.token);
  expectStatus(cart, 201, 'register cart');
  expectStatus(
    await call('POST', `/cart/carts/${cart.body.id}/lines`, { sku, quantity: 1 }, cashier.token),
    200,
    'line',
  );
  const saleId = newId('sal');
  const sale = await call(
    'POST',
    '/ordering/sales',
    { saleId, cartId: cart.body.id, payment: { method: 'cash', tendered: cad(100_000) } },
    cashier.token,
    { 'idempotency-key': saleId },
  );
  expectStatus(sale, 201, 'sale');
  // A fresh cart for the session: the sold one is spent.
  const next = await call('POST', '/cart/carts', { sessionId: session.body.id }, cashier.token);
  return {
    storeId,
    locationId,
    registerId: register.body.id,
    cashier,
    manager,
    sessionId: session.body.id,
    cartId: next.body?.id ?? cart.body.id,
    saleId,
  };
}

/** Starts the platform and makes the objects and callers; `overrides` go to every service. */
export async function buildWorld(overrides: Record<string, string> = {}): Promise<World> {
  const platform = await startPlatform(overrides);
  const { call, admin } = platform;
  const t = tag();
  const category = await call(
    'POST',
    '/catalog/categories',
    { slug: `sec-${t.toLowerCase()}`, name: 'Sécurité' },
    admin,
  );
  expectStatus(category, 201, 'category');
  const created = await call(
    'POST',
    '/catalog/products',
    {
      sku: `SEC-${t}`,
      name: `Cadenas ${t}`,
      description: 'Un cadenas.',
      price: cad(1500),
      categoryId: category.body.id,
      active: true,
    },
    admin,
  );
  expectStatus(created, 201, 'product');
  const product = { id: created.body.id as string, sku: `SEC-${t}` };
  await eventually(async () =>
    (await call('GET', `/inventory/stock/${product.sku}`)).status === 200 ? true : undefined,
  );
  expectStatus(
    await call(
      'POST',
      '/inventory/receipts',
      { locationId: 'loc_online', lines: [{ sku: product.sku, quantity: 50 }] },
      admin,
    ),
    201,
    'online receipt',
  );
  const shopA = await openShop(platform, `SECA-${t}`, product.sku);
  const shopB = await openShop(platform, `SECB-${t}`, product.sku);
  const customer = await platform.person(['customer']);
  const otherCustomer = await platform.person(['customer']);
  const seller = await platform.person(['seller']);
  const otherSeller = await platform.person(['seller']);

  const placed = await call(
    'POST',
    '/ordering/orders',
    { lines: [{ sku: product.sku, quantity: 1 }], shippingAddress: address, payment: approvingCard },
    customer.token,
    { 'idempotency-key': `sec-${t}` },
  );
  expectStatus(placed, 202, 'order');
  const orderId: string = placed.body.orderId;
  const order = await eventually(async () => {
    const found = await call('GET', `/ordering/orders/${orderId}`, undefined, customer.token);
    return found.body?.status === 'confirmed' ? found.body : undefined;
  });
  const customerCart = await call('POST', '/cart/carts', { channel: 'online' }, customer.token);
  if (customerCart.status >= 300) throw new Error(`customer cart: ${customerCart.status}`);
  const apiKey = await call(
    'POST',
    '/identity/api-keys',
    { name: 'boutique', scopes: ['products:read'] },
    seller.token,
  );
  expectStatus(apiKey, 201, 'api key');
  const me = await call('GET', '/identity/users/me', undefined, admin);

  const tokens: Record<Caller, string | undefined> = {
    anonymous: undefined,
    customer: customer.token,
    seller: seller.token,
    cashier: shopA.cashier.token,
    manager: shopA.manager.token,
    admin,
  };
  return {
    platform,
    customer,
    otherCustomer,
    seller,
    otherSeller,
    adminId: me.body.id,
    shopA,
    shopB,
    product,
    categoryId: category.body.id,
    orderId,
    paymentId: order.payment.id,
    customerCartId: customerCart.body.id,
    apiKeyId: apiKey.body.id,
    token: (caller) => tokens[caller],
  };
}
