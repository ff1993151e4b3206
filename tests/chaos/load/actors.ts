/**
 * The people of the load: cashiers selling at their registers, customers placing online orders,
 * visitors browsing. A sale or an order is retried with the SAME key after no answer, a 5xx, a
 * 429 or "in progress" — like a till that keeps the sale on screen or a browser that resubmits —
 * a bounded number of times; a refusal (4xx) is final.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoStores } from '../../../scripts/seed/stores-data.ts';
import { DEMO_ADMIN, DEMO_PASSWORD } from '../../../scripts/seed/users.ts';
import type { Client } from './client.ts';
import type { Operation } from './journal.ts';
import { copyOfRegister, countOfflineSale, offlineSale, type RegisterCopy } from './offline-till.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const newId = (prefix: string) =>
  `${prefix}_0${Array.from(randomBytes(25), (byte) => CROCKFORD[byte % 32]).join('')}`;
const cad = (amount: number) => ({ amount, currency: 'CAD' });
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

const STORE_SKUS = [1, 2, 3, 4].flatMap((p) => [1, 2].map((v) => `MOB-00${p}-${v}`));
const ONLINE_SKUS = ['CUI-001-1', 'CUI-002-1', 'CUI-003-1', 'CUI-004-1'];
const CARD = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' };
const ADDRESS = {
  name: 'Essai de pannes',
  line1: '1, rue du Chaos',
  city: 'Montréal',
  region: 'QC',
  postalCode: 'H2J 2J3',
  country: 'CA',
};
/** Retries of one sale or order: with back-off up to 4 s, about a minute of a till's patience. */
const MAX_ATTEMPTS = 20;
const FINAL_CONFLICT = new Set(['ORDERING_INSUFFICIENT_STOCK', 'ORDERING_SALE_ID_TAKEN']);

export interface Till {
  email: string;
  registerId: string;
  sessionId: string;
  token: string;
  /** What the register keeps to sell offline. */
  copy: RegisterCopy;
}

export interface Shopper {
  email: string;
  password: string;
  token: string;
}

export interface Cast {
  tills: Till[];
  shoppers: Shopper[];
  productIds: string[];
  skus: { store: string[]; online: string[] };
}

const signIn = async (client: Client, email: string, password = DEMO_PASSWORD) =>
  (
    await client.ok<{ accessToken: string }>('sign in', 'POST', '/identity/sessions', {
      body: { email, password },
    })
  ).accessToken;

/**
 * Opens a session at `registersPerStore` registers of the first `stores` demo stores, stocks their
 * shelves and the online warehouse deep enough that the load does not run out, and makes
 * `shoppers` verified customers.
 */
export async function prepareCast(client: Client, stores: number, shoppers: number): Promise<Cast> {
  const admin = await signIn(client, DEMO_ADMIN.email);
  const tills: Till[] = [];
  const directory = await client.ok<{ items: { id: string; code: string }[] }>(
    'stores',
    'GET',
    '/stores/stores?limit=100',
  );
  for (const store of demoStores.slice(0, stores)) {
    const storeId = directory.items.find((s) => s.code === store.code)!.id;
    const location = await client.ok<{ items: { id: string }[] }>(
      'locations',
      'GET',
      `/inventory/locations?storeId=${storeId}`,
    );
    await client.ok('receive', 'POST', '/inventory/receipts', {
      body: {
        locationId: location.items[0]!.id,
        lines: STORE_SKUS.map((sku) => ({ sku, quantity: 100_000 })),
        reference: 'CHAOS',
      },
      token: admin,
    });
    for (const [index, email] of [store.staff.cashier, store.staff.manager].entries()) {
      const token = await signIn(client, email);
      const registers = await client.ok<{ items: { id: string; openSessionId?: string | null }[] }>(
        'registers',
        'GET',
        `/stores/stores/${storeId}/registers`,
        { token },
      );
      const register = registers.items[index]!;
      const sessionId =
        register.openSessionId ??
        (
          await client.ok<{ id: string }>(
            'open session',
            'POST',
            `/stores/registers/${register.id}/sessions`,
            {
              body: { openingFloat: cad(20_000) },
              token,
            },
          )
        ).id;
      const copy = await copyOfRegister(client, register.id, STORE_SKUS, token);
      tills.push({ email, registerId: register.id, sessionId, token, copy });
    }
  }
  await client.ok('receive', 'POST', '/inventory/receipts', {
    body: {
      locationId: 'loc_online',
      lines: ONLINE_SKUS.map((sku) => ({ sku, quantity: 100_000 })),
      reference: 'CHAOS',
    },
    token: admin,
  });
  const cast: Shopper[] = [];
  for (let i = 0; i < shoppers; i++) {
    const email = `chaos.${process.pid}.${i}@comptoir.test`;
    const password = 'Essai-de-pannes-42';
    await client.ok('create customer', 'POST', '/identity/users', {
      body: { email, password, displayName: `Client ${i}`, roles: ['customer'], emailVerified: true },
      token: admin,
    });
    cast.push({ email, password, token: await signIn(client, email, password) });
  }
  const page = await client.ok<{ items: { id: string }[] }>('products', 'GET', '/catalog/products?limit=50');
  return {
    tills,
    shoppers: cast,
    productIds: page.items.map((p) => p.id),
    skus: { store: STORE_SKUS, online: ONLINE_SKUS },
  };
}

/** Fresh tokens for everyone (each scenario starts with them: a long run outlives an access token). */
export async function refreshTokens(client: Client, cast: Cast): Promise<void> {
  for (const till of cast.tills) till.token = await signIn(client, till.email);
  for (const shopper of cast.shoppers) shopper.token = await signIn(client, shopper.email, shopper.password);
}

const retryable = (status: number, code: string | undefined) =>
  status === 0 ||
  status >= 500 ||
  status === 429 ||
  (status === 409 && code === 'ORDERING_REQUEST_IN_PROGRESS');

const backoff = (attempt: number) => sleep(Math.min(4_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2));

/** Sends the same keyed request until it is answered for good or the client runs out of patience. */
async function persist(
  client: Client,
  operation: Operation,
  step: string,
  path: string,
  body: unknown,
  token: string,
  onSuccess: (body: unknown) => void,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const reply = await client.call(step, 'POST', path, {
      body,
      token,
      headers: { 'idempotency-key': operation.key },
    });
    operation.attempts.push({ status: reply.status, code: reply.code });
    if (reply.status >= 200 && reply.status < 300) {
      operation.belief = 'succeeded';
      onSuccess(reply.body);
      return;
    }
    if (
      !retryable(reply.status, reply.code) ||
      (reply.status === 409 && FINAL_CONFLICT.has(reply.code ?? ''))
    ) {
      operation.belief = 'refused';
      operation.refusal = reply.code ?? `HTTP_${reply.status}`;
      return;
    }
    await backoff(attempt);
  }
}

/**
 * One sale: the session's cart (emptied first if an earlier failed sale left lines in it), two
 * lines, then the sale itself under a fresh sale id that is also its key. Cart steps that fail are
 * not operations (nothing moved): the till starts over.
 */
export async function sellOnce(client: Client, cast: Cast, till: Till): Promise<void> {
  const open = () =>
    client.call<{ id: string; lines: unknown[] }>('cart: open', 'POST', '/cart/carts', {
      body: { sessionId: till.sessionId },
      token: till.token,
    });
  let cart = await open();
  if (UNREACHABLE.has(cart.status)) return sellOffline(client, cast, till);
  if (cart.status >= 300) return;
  if (cart.body.lines.length > 0) {
    await client.call('cart: discard', 'DELETE', `/cart/carts/${cart.body.id}`, { token: till.token });
    cart = await open();
    if (cart.status >= 300 || cart.body.lines.length > 0) return;
  }
  const add = (sku: string) =>
    client.call<{ total: { amount: number } }>(
      'cart: add line',
      'POST',
      `/cart/carts/${cart.body.id}/lines`,
      {
        body: { sku, quantity: 1 },
        token: till.token,
      },
    );
  const first = await add(pick(cast.skus.store));
  if (UNREACHABLE.has(first.status)) return sellOffline(client, cast, till);
  if (first.status >= 300) return;
  const filled = await add(pick(cast.skus.store));
  if (UNREACHABLE.has(filled.status)) return sellOffline(client, cast, till);
  if (filled.status >= 300) return;
  const saleId = newId('sal');
  const payment =
    Math.random() < 0.7
      ? { method: 'cash', tendered: cad(filled.body.total.amount + 1000) }
      : { method: 'card', card: CARD };
  const operation = client.journal.begin('sale', saleId, saleId);
  await persist(
    client,
    operation,
    'ordering: sale',
    '/ordering/sales',
    { saleId, cartId: cart.body.id, payment },
    till.token,
    () => {},
  );
}

/** No answer, or the gateway's "out of reach": what sends the web register to its offline till. */
const UNREACHABLE = new Set([0, 502, 503, 504]);

/**
 * The same sale as the register makes it offline when cart cannot take it: two lines from its own
 * copy, paid in cash, synced under the sale id until ordering takes it.
 */
async function sellOffline(client: Client, cast: Cast, till: Till): Promise<void> {
  const saleId = newId('sal');
  const body = offlineSale(till.copy, saleId, till.sessionId, [pick(cast.skus.store), pick(cast.skus.store)]);
  const operation = client.journal.begin('sale', saleId, saleId);
  await persist(
    client,
    operation,
    'ordering: offline sale',
    '/ordering/sales/offline',
    body,
    till.token,
    () => countOfflineSale(),
  );
}

/** One online order of one line, paid by card; the checker follows it to the end. */
export async function orderOnce(client: Client, cast: Cast, shopper: Shopper): Promise<void> {
  const operation = client.journal.begin('order', newId('chk'));
  const body = {
    lines: [{ sku: pick(cast.skus.online), quantity: 1 }],
    shippingAddress: ADDRESS,
    payment: { method: 'card', card: CARD },
  };
  await persist(client, operation, 'ordering: order', '/ordering/orders', body, shopper.token, (answer) => {
    operation.id = (answer as { orderId?: string }).orderId;
  });
}

/** A visitor's page: a list or a search, then a product page (composed: catalog + availability). */
export async function browseOnce(client: Client, cast: Cast): Promise<void> {
  if (Math.random() < 0.5) await client.call('browse: list', 'GET', '/catalog/products?limit=20');
  else await client.call('browse: stock', 'GET', `/inventory/stock?sku=${pick(cast.skus.store)}`);
  await client.call('browse: product page', 'GET', `/views/products/${pick(cast.productIds)}`);
}
