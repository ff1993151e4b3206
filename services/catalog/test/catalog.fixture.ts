import type { Category, Product } from '@comptoir/contracts';
import { buildService, type HttpApp } from '@comptoir/platform';
import { testAuth, testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import type { InjectOptions } from 'fastify';
import { catalog } from '../src/app.ts';

/**
 * Opening an embedded database compiles PostgreSQL's WASM (~6 s idle); on a busy machine running
 * several suites it has taken over a minute, past Vitest's hook timeout.
 */
export const START_TIMEOUT_MS = 180_000;

export type TestCatalog = Awaited<ReturnType<typeof startCatalog>>;

/**
 * The catalog on a throw-away database, cache and bus (real servers when COMPTOIR_* are set),
 * taking tokens from `auth`. Head office (`admin`) makes the writes a test needs but is not about.
 */
export async function startCatalog() {
  const auth = await testAuth();
  const admin = await auth.headersFor({ subject: 'usr_head_office', roles: ['admin'] });
  const db = await testDatabase('catalog');
  const cache = await testCache('catalog');
  const bus = await testBus();
  const service = await buildService(catalog, {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    db,
    cache,
    bus,
    tokenVerifier: auth.verifier,
  });
  await service.app.ready();
  const app = service.app;
  let skus = 0;
  return {
    app,
    db,
    bus,
    auth,
    admin,
    async category(
      slug = `cat-${Math.random().toString(36).slice(2, 10)}`,
      name = 'Mobilier',
    ): Promise<Category> {
      return expectStatus<Category>(app, 201, {
        method: 'POST',
        url: '/categories',
        headers: admin,
        payload: { slug, name },
      });
    },
    /** A new product, created by head office unless `headers` say who. */
    async product(
      categoryId: string,
      fields: Record<string, unknown> = {},
      headers: Record<string, string> = admin,
    ): Promise<Product> {
      skus += 1;
      const payload = {
        sku: `SKU-${Date.now().toString(36)}-${skus}`,
        name: `Produit ${skus}`,
        price: { amount: 1999, currency: 'CAD' },
        categoryId,
        ...fields,
      };
      return expectStatus<Product>(app, 201, { method: 'POST', url: '/products', headers, payload });
    },
    async close() {
      await service.close();
      await bus.close();
      await cache.close();
      await db.close();
    },
  };
}

/** Sends a request and fails with the response body when the status is not the expected one. */
export async function expectStatus<T>(app: HttpApp, status: number, request: InjectOptions): Promise<T> {
  const response = await app.inject(request);
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  return (response.body ? response.json() : undefined) as T;
}
