/**
 * What the load's people do, as they would on the site and at the till. A shopper's visit is one
 * of: browse (list a page, open a product's page, sometimes search) · cart (an anonymous cart and
 * a line) · checkout (signed in, one line paid by card, followed until the order settles). A
 * cashier sells: a fresh cart on the till's open session, two lines, cash with change.
 */
import { randomBytes } from 'node:crypto';
import type { Gateway } from './client.ts';
import { JourneyError } from './client.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const newId = (prefix: string) =>
  `${prefix}_0${Array.from(randomBytes(25), (byte) => CROCKFORD[byte % 32]).join('')}`;
const cad = (amount: number) => ({ amount, currency: 'CAD' });
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

const SEARCH_WORDS = ['chaise', 'table', 'lampe', 'tasse', 'bois', 'noir', 'coton', 'verre'];
const CARD = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' };
const ADDRESS = {
  name: 'Charge de test',
  line1: '1, rue de la Charge',
  city: 'Montréal',
  region: 'QC',
  postalCode: 'H2J 2J3',
  country: 'CA',
};

export interface Shelf {
  products: { id: string; sku: string }[];
}

/** The products the load walks through, read once at the start like a visitor's first page. */
export async function readShelf(gateway: Gateway): Promise<Shelf> {
  const page = await gateway.ok<{ items: { id: string; sku: string; active: boolean }[] }>(
    'catalog: list',
    'GET',
    '/catalog/products?limit=100',
  );
  const products = page.items.filter((p) => p.active);
  if (products.length === 0) throw new Error('the catalog has no active product to load');
  return { products };
}

export async function signIn(gateway: Gateway, email: string, password: string): Promise<string> {
  const { accessToken } = await gateway.ok<{ accessToken: string }>(
    'identity: sign in',
    'POST',
    '/identity/sessions',
    {
      body: { email, password },
    },
  );
  return accessToken;
}

export async function browse(gateway: Gateway, shelf: Shelf): Promise<void> {
  if (Math.random() < 0.25) {
    await gateway.ok('catalog: search', 'GET', `/catalog/products?q=${pick(SEARCH_WORDS)}&limit=20`);
  } else {
    await gateway.ok('catalog: list', 'GET', '/catalog/products?limit=20');
  }
  await gateway.ok('view: product page', 'GET', `/views/products/${pick(shelf.products).id}`);
}

export async function fillCart(gateway: Gateway, shelf: Shelf): Promise<void> {
  const cart = await gateway.ok<{ id: string; cartToken: string }>('cart: create', 'POST', '/cart/carts', {
    body: { channel: 'online' },
  });
  await gateway.ok('cart: add line', 'POST', `/cart/carts/${cart.id}/lines`, {
    body: { sku: pick(shelf.products).sku, quantity: 1 + Math.floor(Math.random() * 2) },
    headers: { 'x-cart-token': cart.cartToken },
  });
}

/** Places one order and follows it; resolves to how it ended (confirmed, cancelled…). */
export async function checkout(gateway: Gateway, shelf: Shelf, token: string): Promise<string> {
  const key = newId('chk');
  const placed = await gateway.ok<{ orderId: string }>('ordering: place order', 'POST', '/ordering/orders', {
    body: {
      lines: [{ sku: pick(shelf.products).sku, quantity: 1 }],
      shippingAddress: ADDRESS,
      payment: { method: 'card', card: CARD },
    },
    token,
    headers: { 'idempotency-key': key },
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const order = await gateway.ok<{ status: string }>(
      'ordering: follow order',
      'GET',
      `/ordering/orders/${placed.orderId}`,
      {
        token,
      },
    );
    if (order.status !== 'pending') return order.status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'stuck';
}

export interface Till {
  token: string;
  sessionId: string;
}

/**
 * A till for a store's staff member: the register's open session if there is one, else one opened
 * with a float. Two load users never share a register (their carts would be the same).
 */
export async function openTill(
  gateway: Gateway,
  token: string,
  registerIndex: number,
): Promise<Till | undefined> {
  const stores = await gateway.ok<{ items: { id: string }[] }>(
    'stores: mine',
    'GET',
    '/stores/stores?mine=true',
    {
      token,
    },
  );
  const store = stores.items[0];
  if (!store) return undefined;
  const registers = await gateway.ok<{ items: { id: string; openSessionId?: string | null }[] }>(
    'stores: registers',
    'GET',
    `/stores/stores/${store.id}/registers`,
    { token },
  );
  const register = registers.items[registerIndex];
  if (!register) return undefined;
  if (register.openSessionId) return { token, sessionId: register.openSessionId };
  const session = await gateway.ok<{ id: string }>(
    'stores: open session',
    'POST',
    `/stores/registers/${register.id}/sessions`,
    {
      body: { openingFloat: cad(20_000) },
      token,
    },
  );
  return { token, sessionId: session.id };
}

/** One sale at a till; resolves to `sold` or `out of stock` (a refusal the cashier would see). */
export async function sell(gateway: Gateway, shelf: Shelf, till: Till): Promise<string> {
  const cart = await gateway.ok<{ id: string }>('cart: create', 'POST', '/cart/carts', {
    body: { sessionId: till.sessionId },
    token: till.token,
  });
  await gateway.ok('cart: add line', 'POST', `/cart/carts/${cart.id}/lines`, {
    body: { sku: pick(shelf.products).sku, quantity: 1 },
    token: till.token,
  });
  const filled = await gateway.ok<{ total: { amount: number } }>(
    'cart: add line',
    'POST',
    `/cart/carts/${cart.id}/lines`,
    {
      body: { sku: pick(shelf.products).sku, quantity: 1 },
      token: till.token,
    },
  );
  const saleId = newId('sal');
  const sale = await gateway.call('ordering: sale', 'POST', '/ordering/sales', {
    body: { saleId, cartId: cart.id, payment: { method: 'cash', tendered: cad(filled.total.amount + 1000) } },
    token: till.token,
    headers: { 'idempotency-key': saleId },
  });
  if (sale.status === 409) return 'out of stock';
  if (sale.status >= 300) throw new JourneyError('ordering: sale', sale.status, sale.body);
  return 'sold';
}
