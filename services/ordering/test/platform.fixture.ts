import { cart } from '@comptoir/cart';
import { catalog } from '@comptoir/catalog';
import { inventory } from '@comptoir/inventory';
import { paymentsService } from '@comptoir/payments';
import {
  type BuiltService,
  buildService,
  type Cache,
  createEmbeddedPostgres,
  type Db,
  type EventEnvelope,
  type ServiceDefinition,
  type TProperties,
} from '@comptoir/platform';
import { testAuth, testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import { stores } from '@comptoir/stores';
import { orderingService } from '../src/app.ts';

/**
 * Opening the embedded database compiles PostgreSQL's WASM (~6 s idle); on a busy machine running
 * several suites it has taken over a minute, past Vitest's hook timeout.
 */
export const START_TIMEOUT_MS = 240_000;

const SERVICES_WITH_A_DATABASE = ['catalog', 'inventory', 'stores', 'payments', 'ordering'] as const;
type DatabaseName = (typeof SERVICES_WITH_A_DATABASE)[number];

/**
 * A database per service: each its own on the real server when COMPTOIR_DATABASE_URL is set,
 * otherwise a schema each in ONE embedded PostgreSQL (five WASM instances would not fit the
 * machine's patience; one serialises every statement, which concurrency tests only make harder).
 */
async function openDatabases(): Promise<{ of: Record<DatabaseName, Db>; close(): Promise<void> }> {
  if (process.env.COMPTOIR_DATABASE_URL) {
    const opened = await Promise.all(SERVICES_WITH_A_DATABASE.map((name) => testDatabase(name)));
    const of = Object.fromEntries(SERVICES_WITH_A_DATABASE.map((name, i) => [name, opened[i]])) as Record<
      DatabaseName,
      Db
    >;
    return { of, close: async () => void (await Promise.all(opened.map((db) => db.close()))) };
  }
  const embedded = await createEmbeddedPostgres();
  const of = Object.fromEntries(SERVICES_WITH_A_DATABASE.map((name) => [name, embedded.database(name)]));
  return { of: of as Record<DatabaseName, Db>, close: () => embedded.close() };
}

/**
 * The POS platform for ordering's tests, every service REAL and built in-process from its own
 * package: catalog, inventory, stores, payments and cart listening on free ports, ordering built
 * against them. One token key is trusted everywhere (as identity's would be), one bus carries
 * every service's events (catalog's products reach inventory, stores' stores become inventory
 * locations, ordering's sales reach stores' reports). Every `sale.*` event is kept in `events`.
 */
export async function startPlatform(
  orderingEnv: Record<string, string> = {},
  /** Settings of the other services (inventory's reservation TTL, say). */
  env: { inventory?: Record<string, string> } = {},
) {
  const auth = await testAuth();
  const bus = await testBus();
  const databases = await openDatabases();
  const caches: Cache[] = [];
  const running: BuiltService[] = [];
  const quiet = { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' };

  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: 'ordering-test.sale-events',
    topics: ['sale.*', 'order.*', 'checkout.*'],
    handler: async (event) => {
      events.push(event);
    },
  });

  async function build<P extends TProperties>(
    definition: ServiceDefinition<P>,
    env: Record<string, string>,
    db?: Db,
  ): Promise<BuiltService> {
    const cache = await testCache(definition.name);
    caches.push(cache);
    const service = await buildService(definition, {
      env: { ...quiet, ...env },
      cache,
      bus,
      tokenVerifier: auth.verifier,
      ...(db ? { db } : {}),
    });
    running.push(service as BuiltService);
    return service as BuiltService;
  }

  const { of: db } = databases;
  const catalogService = await build(catalog, {}, db.catalog);
  const inventoryService = await build(inventory, env.inventory ?? {}, db.inventory);
  const storesService = await build(stores, {}, db.stores);
  const paymentsServiceBuilt = await build(paymentsService(), {}, db.payments);
  const urls = {
    catalog: await catalogService.listen(),
    inventory: await inventoryService.listen(),
    stores: await storesService.listen(),
    payments: await paymentsServiceBuilt.listen(),
  };
  const cartService = await build(cart, { CART_STORES_URL: urls.stores, CART_CATALOG_URL: urls.catalog });
  const cartUrl = await cartService.listen();
  const upstreamEnv = {
    ORDERING_CATALOG_URL: urls.catalog,
    ORDERING_CART_URL: cartUrl,
    ORDERING_STORES_URL: urls.stores,
    ORDERING_INVENTORY_URL: urls.inventory,
    ORDERING_PAYMENTS_URL: urls.payments,
  };

  /**
   * The checkout saga acts as ordering's own OAuth2 client; here a token the test key signs with
   * the scopes identity grants that client.
   */
  let machineToken: Promise<string> | undefined;
  const machineAuth = {
    header: async () => {
      machineToken ??= auth.tokenFor({
        kind: 'client',
        subject: 'ordering',
        roles: [],
        scopes: ['stock:write', 'payments:write', 'payments:read'],
      });
      return `Bearer ${await machineToken}`;
    },
  };

  /** An ordering replica on the shared database; `env` overrides its settings (another payments URL…). */
  async function orderingReplica(env: Record<string, string> = {}) {
    const service = await build(
      orderingService({ machineAuth }),
      { ...upstreamEnv, ...orderingEnv, ...env },
      db.ordering,
    );
    await service.app.ready();
    return service;
  }
  const ordering = await orderingReplica();

  return {
    auth,
    bus,
    db,
    events,
    urls: { ...urls, cart: cartUrl },
    ordering: ordering.app,
    orderingService: ordering,
    orderingReplica,
    apps: {
      catalog: catalogService.app,
      inventory: inventoryService.app,
      stores: storesService.app,
      payments: paymentsServiceBuilt.app,
      cart: cartService.app,
    },
    async close() {
      for (const service of running.reverse()) await service.close();
      for (const cache of caches) await cache.close();
      await bus.close();
      await databases.close();
    },
  };
}

export type Platform = Awaited<ReturnType<typeof startPlatform>>;
