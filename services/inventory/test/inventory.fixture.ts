import type { Location, StockLevel } from '@comptoir/contracts';
import { buildService, createEvent, type EventEnvelope, type HttpApp } from '@comptoir/platform';
import { testAuth, testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import type { InjectOptions } from 'fastify';
import { vi } from 'vitest';
import { inventory } from '../src/app.ts';

/**
 * Opening an embedded database compiles PostgreSQL's WASM (~6 s idle); on a busy machine running
 * several suites it has taken over a minute, past Vitest's hook timeout.
 */
export const START_TIMEOUT_MS = 180_000;

export type TestInventory = Awaited<ReturnType<typeof startInventory>>;

let skus = 0;
let productIds = 0;
let stores = 0;

/** A fresh sku name, unique across test files running against one server. */
export const newSku = (prefix = 'SKU') =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}-${++skus}`;

/** A product id shaped like the catalog's. */
export const productIdFor = (n: number) => `prod_01JD3Z8Q5V7W4X9Y2B6C${String(n).padStart(6, '0')}`;

/**
 * Inventory on a throw-away database, cache and bus (real servers when COMPTOIR_* are set), taking
 * tokens from `auth`. Head office (`admin`) makes the setup a test needs but is not about; every
 * `stock.*` event published is kept in `events`.
 */
export async function startInventory(env: Record<string, string> = {}) {
  const auth = await testAuth();
  const admin = await auth.headersFor({ subject: 'usr_head_office', roles: ['admin'] });
  const db = await testDatabase('inventory');
  const cache = await testCache('inventory');
  const bus = await testBus();
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: 'inventory-events-test',
    topics: ['stock.*'],
    handler: async (event) => {
      events.push(event);
    },
  });
  const service = await buildService(inventory, {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    db,
    cache,
    bus,
    tokenVerifier: auth.verifier,
  });
  await service.app.ready();
  const app = service.app;

  const fixture = {
    app,
    db,
    cache,
    bus,
    auth,
    admin,
    events,
    /** Publishes a catalog event about a product, as catalog's outbox would. */
    async catalogEvent(type: string, data: unknown, subject: string): Promise<string> {
      const event = createEvent({ type, source: '/comptoir/catalog', data, subject });
      await bus.publish([event]);
      return event.id;
    },
    /** Waits until inventory has handled the event (its inbox row is written with its effects). */
    async handled(eventId: string) {
      await vi.waitFor(
        async () => {
          const { rows } = await db.query('select 1 from inbox where event_id = $1', [eventId]);
          if (rows.length === 0) throw new Error(`event ${eventId} not handled yet`);
        },
        { timeout: 10_000, interval: 20 },
      );
    },
    /** A product the catalog announced, once inventory knows its sku. */
    async product(sku = newSku()): Promise<string> {
      const id = productIdFor(++productIds);
      const at = new Date().toISOString();
      const product = {
        id,
        sku,
        name: `Produit ${sku}`,
        description: '',
        price: { amount: 1999, currency: 'CAD' },
        categoryId: 'cat_01JD3Z8Q5V7W4X9Y2B6C0N1M3K',
        sellerId: null,
        active: true,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      await fixture.catalogEvent('product.created', { product }, id);
      await fixture.skuKnown(sku);
      return sku;
    },
    async skuKnown(sku: string, active = true) {
      await vi.waitFor(
        async () => {
          const { rows } = await db.query<{ active: boolean }>('select active from sku where sku = $1', [
            sku,
          ]);
          if (rows[0]?.active !== active)
            throw new Error(`sku ${sku} not yet ${active ? 'active' : 'inactive'}`);
        },
        { timeout: 10_000, interval: 20 },
      );
    },
    /** A store's location, created by head office. */
    async store(storeId = `sto_${Date.now().toString(36)}_${++stores}`): Promise<Location> {
      return expectStatus<Location>(app, 201, {
        method: 'POST',
        url: '/locations',
        headers: admin,
        payload: { type: 'store', name: `Magasin ${storeId}`, storeId },
      });
    },
    async receive(sku: string, locationId: string, quantity: number): Promise<void> {
      await expectStatus(app, 201, {
        method: 'POST',
        url: '/movements',
        headers: admin,
        payload: { kind: 'receive', sku, locationId, quantity },
      });
    },
    /** The level as the public read shows it (zero when never stocked). */
    async level(sku: string, locationId: string): Promise<StockLevel> {
      const page = await expectStatus<{ items: StockLevel[] }>(app, 200, {
        method: 'GET',
        url: `/stock?sku=${encodeURIComponent(sku)}&location=${locationId}`,
      });
      return page.items[0] ?? { sku, locationId, onHand: 0, reserved: 0, available: 0 };
    },
    /** Events of `type` about `sku` (or an order) published so far. */
    eventsOf(type: string, subject: string): EventEnvelope[] {
      return events.filter((e) => e.type === type && e.subject === subject);
    },
    async close() {
      await service.close();
      await bus.close();
      await cache.close();
      await db.close();
    },
  };
  return fixture;
}

/** Sends a request and fails with the response body when the status is not the expected one. */
export async function expectStatus<T>(app: HttpApp, status: number, request: InjectOptions): Promise<T> {
  const response = await app.inject(request);
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  return (response.body ? response.json() : undefined) as T;
}
