import { setTimeout as sleep } from 'node:timers/promises';
import { catalog } from '@comptoir/catalog';
import type { Cart, Product } from '@comptoir/contracts';
import { type BuiltService, buildService, type Cache, type Role } from '@comptoir/platform';
import { testAuth, testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { cart } from '../src/app.ts';
import { startStoresStandIn } from './stores-stand-in.ts';

/**
 * Opening the catalog's embedded database compiles PostgreSQL's WASM (~6 s idle); on a busy
 * machine running several suites it has taken over a minute, past Vitest's hook timeout.
 */
export const START_TIMEOUT_MS = 180_000;

export type TestCart = Awaited<ReturnType<typeof startCart>>;

let skus = 0;
/** A fresh sku, unique across test files running against one server. */
export const newSku = (prefix = 'CRT') =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}-${++skus}`;

/**
 * Cart, on a throw-away cache (real Redis when COMPTOIR_REDIS_URL is set), calling a REAL catalog
 * (its own database, cache and bus, listening on a free port) and a stand-in for stores' two reads.
 * One key signs every token, as identity would for the whole platform.
 */
export async function startCart(env: Record<string, string> = {}) {
  const auth = await testAuth();
  const headOffice = await auth.headersFor({ subject: 'usr_head_office', roles: ['admin'] });
  const quiet = { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' };

  const catalogDb = await testDatabase('catalog');
  const catalogCache = await testCache('catalog');
  const catalogBus = await testBus();
  const catalogService = await buildService(catalog, {
    env: quiet,
    db: catalogDb,
    cache: catalogCache,
    bus: catalogBus,
    tokenVerifier: auth.verifier,
  });
  const catalogUrl = await catalogService.listen();
  const stores = await startStoresStandIn(auth.verifier);

  const cache = await testCache('cart');
  const services: BuiltService[] = [];
  /**
   * A cart service on the shared cache: several are replicas of one another. `lagging`: every
   * cache call takes a few milliseconds, as a networked Redis does, so that concurrent writers
   * really interleave between their read and their write even on the in-process cache.
   */
  async function replica(
    overrides: Record<string, string> = {},
    options: { lagging?: boolean; unreachable?: boolean } = {},
  ) {
    const service = await buildService(cart, {
      env: { ...quiet, CART_STORES_URL: stores.url, CART_CATALOG_URL: catalogUrl, ...env, ...overrides },
      cache: options.unreachable ? unreachable(cache) : options.lagging ? lagging(cache) : cache,
      tokenVerifier: auth.verifier,
    });
    await service.app.ready();
    services.push(service);
    return service.app;
  }
  const app = await replica();
  const category = await expectStatus<{ id: string }>(catalogService.app, 201, {
    method: 'POST',
    url: '/categories',
    headers: headOffice,
    payload: { slug: `cat-${Math.random().toString(36).slice(2, 10)}`, name: 'Mobilier' },
  });

  return {
    app,
    replica,
    auth,
    /** The cache the replicas share, to see a cart as it is stored. */
    cache,
    stores,
    catalog: catalogService.app,
    headOffice,
    /** Headers of a person with `roles` at `storeIds`. */
    as(roles: Role[], storeIds: string[] = [], subject = `usr_${roles.join('_')}`) {
      return auth.headersFor({ subject, roles, storeIds });
    },
    /** A product of the catalog, created by head office through its API. */
    product(fields: Record<string, unknown> = {}): Promise<Product> {
      return expectStatus<Product>(catalogService.app, 201, {
        method: 'POST',
        url: '/products',
        headers: headOffice,
        payload: {
          sku: newSku(),
          name: 'Chaise pliante',
          price: { amount: 1999, currency: 'CAD' },
          categoryId: category.id,
          ...fields,
        },
      });
    },
    /** Head office edits a product through the catalog's API. */
    editProduct(id: string, changes: Record<string, unknown>): Promise<Product> {
      return expectStatus<Product>(catalogService.app, 200, {
        method: 'PATCH',
        url: `/products/${id}`,
        headers: headOffice,
        payload: changes,
      });
    },
    deleteProduct(id: string): Promise<void> {
      return expectStatus<void>(catalogService.app, 204, {
        method: 'DELETE',
        url: `/products/${id}`,
        headers: headOffice,
      });
    },
    /** A store, an open session there and its cashier's headers. */
    async till() {
      const store = stores.store();
      const session = stores.session(store.id);
      const cashier = await auth.headersFor({
        subject: 'usr_cashier',
        roles: ['cashier'],
        storeIds: [store.id],
      });
      return { store, session, cashier };
    },
    /** A customer of the online shop, signed in (a fresh subject each call). */
    customer(name = 'client') {
      const subject = `usr_${name}_${Math.random().toString(36).slice(2, 10)}`;
      return auth.headersFor({ subject, roles: ['customer'] });
    },
    /** Opens an online cart: the customer's with their token, a new anonymous one without. */
    openOnline(headers: Record<string, string> = {}, on = app): Promise<LightMyRequestResponse> {
      return on.inject({ method: 'POST', url: '/carts', headers, payload: { channel: 'online' } });
    },
    /** A visitor's anonymous cart, and the header that reaches it. */
    async anonymous(): Promise<{ cart: Cart; visitor: { 'x-cart-token': string } }> {
      const opened = await expectStatus<Cart & { cartToken: string }>(app, 201, {
        method: 'POST',
        url: '/carts',
        payload: { channel: 'online' },
      });
      const { cartToken, ...cart } = opened;
      return { cart, visitor: { 'x-cart-token': cartToken } };
    },
    /** Opens (or finds) the session's cart. */
    open(sessionId: string, headers: Record<string, string>): Promise<LightMyRequestResponse> {
      return app.inject({ method: 'POST', url: '/carts', headers, payload: { sessionId } });
    },
    add(
      cartId: string,
      sku: string,
      quantity: number,
      headers: Record<string, string>,
      on = app,
    ): Promise<LightMyRequestResponse> {
      return on.inject({
        method: 'POST',
        url: `/carts/${cartId}/lines`,
        headers,
        payload: { sku, quantity },
      });
    },
    async read(cartId: string, headers: Record<string, string>): Promise<Cart> {
      return expectStatus<Cart>(app, 200, { method: 'GET', url: `/carts/${cartId}`, headers });
    },
    async close() {
      for (const service of services) await service.close();
      await stores.stop();
      await catalogService.close();
      await cache.close();
      await catalogBus.close();
      await catalogCache.close();
      await catalogDb.close();
    },
  };
}

/** The same cache, each call answered 1–5 ms later. */
function lagging(cache: Cache): Cache {
  const later = <T>(result: Promise<T>) => sleep(1 + Math.floor(Math.random() * 5)).then(() => result);
  return {
    kind: cache.kind,
    get: (key) => later(cache.get(key)),
    set: (key, value, ttl) => later(cache.set(key, value, ttl)),
    del: (...keys) => later(cache.del(...keys)),
    incr: (key) => later(cache.incr(key)),
    compareAndSet: (key, expected, next, ttl) => later(cache.compareAndSet(key, expected, next, ttl)),
    ping: () => cache.ping(),
    close: async () => undefined,
  };
}

/** The same cache with its server gone: every call fails as ioredis's do while Redis is down. */
function unreachable(cache: Cache): Cache {
  const down = async (): Promise<never> => {
    throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
  };
  return {
    kind: cache.kind,
    get: down,
    set: down,
    del: down,
    incr: down,
    compareAndSet: down,
    ping: down,
    close: async () => undefined,
  };
}

/** Sends a request and fails with the response body when the status is not the expected one. */
export async function expectStatus<T>(
  app: { inject(request: InjectOptions): Promise<LightMyRequestResponse> },
  status: number,
  request: InjectOptions,
): Promise<T> {
  const response = await app.inject(request);
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  return (response.body ? response.json() : undefined) as T;
}
