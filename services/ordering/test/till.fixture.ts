import type { Cart, CashSession, Payment, Product, Register, StockLevel, Store } from '@comptoir/contracts';
import type { HttpApp } from '@comptoir/platform';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { monotonicFactory } from 'ulid';
import { vi } from 'vitest';
import type { Platform } from './platform.fixture.ts';

export type Headers = Record<string, string>;

const nextUlid = monotonicFactory();
/** Ids as a register makes them. */
export const newSaleId = () => `sal_${nextUlid()}`;
export const newReturnId = () => `ret_${nextUlid()}`;

let serial = 0;
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${++serial}`;

export const CARDS = {
  approved: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  transient: '4000 0000 0000 9995',
  unavailable: '4000 0000 0000 0119',
} as const;

export const cash = (amount: number) => ({ method: 'cash', tendered: { amount, currency: 'CAD' } });
export const card = (number: string = CARDS.approved) => ({
  method: 'card',
  card: { number, expMonth: 12, expYear: 2099, cvc: '123' },
});

/** Sends a request and fails with the response body when the status is not the expected one. */
export async function expectStatus<T>(
  app: HttpApp,
  status: number | number[],
  request: InjectOptions,
): Promise<T> {
  const response = await app.inject(request);
  const expected = Array.isArray(status) ? status : [status];
  if (!expected.includes(response.statusCode)) {
    throw new Error(
      `${request.method} ${request.url}: expected ${status}, got ${response.statusCode}: ${response.body}`,
    );
  }
  return (response.body ? response.json() : undefined) as T;
}

/** Runs `tasks` with at most `limit` in flight (two cores: a bound keeps timeouts meaningful). */
export async function inParallel<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * The head office's and the cashiers' gestures, through each service's own API: a store with its
 * stock location, registers, open sessions, products with stock, a cart, a sale.
 */
export async function tillsOf(platform: Platform) {
  const { apps, auth } = platform;
  const headOffice = await auth.headersFor({ subject: 'usr_head_office', roles: ['admin'] });
  const category = await expectStatus<{ id: string }>(apps.catalog, 201, {
    method: 'POST',
    url: '/categories',
    headers: headOffice,
    payload: { slug: `cat-${unique()}`, name: 'Quincaillerie' },
  });

  const tills = {
    headOffice,
    /** A store, and its stock location in inventory. */
    async store(name = `Magasin ${unique()}`) {
      const store = await expectStatus<Store>(apps.stores, 201, {
        method: 'POST',
        url: '/stores',
        headers: headOffice,
        payload: {
          code: `S-${unique().toUpperCase()}`.slice(0, 24),
          name,
          type: 'boutique',
          address: '1 rue Principale, Montréal',
        },
      });
      // Inventory also makes it from `store.created`; asking answers the same location either way.
      const location = await expectStatus<{ id: string }>(apps.inventory, [200, 201], {
        method: 'POST',
        url: '/locations',
        headers: headOffice,
        payload: { type: 'store', name: store.name, storeId: store.id },
      });
      return { ...store, locationId: location.id };
    },
    staff(
      storeId: string,
      subject = `usr_cashier_${unique()}`,
      role: 'cashier' | 'store_manager' = 'cashier',
    ) {
      return auth.headersFor({ subject, roles: [role], storeIds: [storeId] });
    },
    /** A register of the store with a session opened by `cashier`, and the session's cart. */
    async register(storeId: string, cashier: Headers, name = `Caisse ${unique()}`) {
      const register = await expectStatus<Register>(apps.stores, 201, {
        method: 'POST',
        url: `/stores/${storeId}/registers`,
        headers: headOffice,
        payload: { name },
      });
      const session = await expectStatus<CashSession>(apps.stores, 201, {
        method: 'POST',
        url: `/registers/${register.id}/sessions`,
        headers: cashier,
        payload: { openingFloat: { amount: 20_000, currency: 'CAD' } },
      });
      return { register, session, cashier };
    },
    /** The session's cart (made on first ask), with `lines` scanned into it. */
    async cart(sessionId: string, cashier: Headers, lines: { sku: string; quantity: number }[] = []) {
      let cart = await expectStatus<Cart>(apps.cart, [200, 201], {
        method: 'POST',
        url: '/carts',
        headers: cashier,
        payload: { sessionId },
      });
      for (const line of lines) {
        cart = await expectStatus<Cart>(apps.cart, [200, 201], {
          method: 'POST',
          url: `/carts/${cart.id}/lines`,
          headers: cashier,
          payload: line,
        });
      }
      return cart;
    },
    /** A product of the catalog, once inventory knows its sku, with `stock` units at `locationId`. */
    async product(price: number, stock?: { locationId: string; quantity: number }): Promise<Product> {
      const product = await expectStatus<Product>(apps.catalog, 201, {
        method: 'POST',
        url: '/products',
        headers: headOffice,
        payload: {
          sku: `ORD-${unique()}`.toUpperCase(),
          name: `Article ${unique()}`,
          price: { amount: price, currency: 'CAD' },
          categoryId: category.id,
        },
      });
      await vi.waitFor(
        async () => {
          const response = await apps.inventory.inject({ method: 'GET', url: `/stock/${product.sku}` });
          if (response.statusCode !== 200) throw new Error(`inventory does not know ${product.sku} yet`);
        },
        { timeout: 15_000, interval: 25 },
      );
      if (stock) await tills.receive(product.sku, stock.locationId, stock.quantity);
      return product;
    },
    async receive(sku: string, locationId: string, quantity: number) {
      await expectStatus(apps.inventory, 201, {
        method: 'POST',
        url: '/movements',
        headers: headOffice,
        payload: { kind: 'receive', sku, locationId, quantity },
      });
    },
    async level(sku: string, locationId: string): Promise<StockLevel> {
      const page = await expectStatus<{ items: StockLevel[] }>(apps.inventory, 200, {
        method: 'GET',
        url: `/stock?sku=${encodeURIComponent(sku)}&location=${locationId}`,
      });
      return page.items[0] ?? { sku, locationId, onHand: 0, reserved: 0, available: 0 };
    },
    /** Inventory's movements of one kind carrying `reference` (a sale id). */
    async movements(
      reference: string,
      kind: 'sale' | 'return',
    ): Promise<{ sku: string; quantity: number }[]> {
      const { rows } = await platform.db.inventory.query<{ sku: string; quantity: number }>(
        'select sku, quantity from movement where reference = $1 and kind = $2 order by sku',
        [reference, kind],
      );
      return rows;
    },
    async paymentsOf(saleId: string): Promise<Payment[]> {
      const page = await expectStatus<{ items: Payment[] }>(apps.payments, 200, {
        method: 'GET',
        url: `/payments?reference=sale:${saleId}`,
        headers: headOffice,
      });
      return page.items;
    },
    sell(
      cashier: Headers,
      body: Record<string, unknown>,
      /** The sale id by default; `null` sends none. */
      key: string | null = String(body.saleId),
      on: HttpApp = platform.ordering,
    ): Promise<LightMyRequestResponse> {
      return on.inject({
        method: 'POST',
        url: '/sales',
        headers: { ...cashier, ...(key === null ? {} : { 'idempotency-key': key }) },
        payload: body,
      });
    },
    giveBack(cashier: Headers, saleId: string, body: Record<string, unknown>, key = String(body.returnId)) {
      return platform.ordering.inject({
        method: 'POST',
        url: `/sales/${saleId}/returns`,
        headers: { ...cashier, 'idempotency-key': key },
        payload: body,
      });
    },
    /** A store with one open register, its cashier and a product with `stock` units there. */
    async shop(price = 1999, stock = 100) {
      const store = await tills.store();
      const cashier = await tills.staff(store.id);
      const till = await tills.register(store.id, cashier);
      const product = await tills.product(price, { locationId: store.locationId, quantity: stock });
      return { store, ...till, product };
    },
  };
  return tills;
}

export type Tills = Awaited<ReturnType<typeof tillsOf>>;

/** The response body, after checking its status (the body is in the failure message). */
export function bodyOf<T = Record<string, unknown>>(response: LightMyRequestResponse, status: number): T {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  return response.json() as T;
}
