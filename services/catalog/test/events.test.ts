import type { EventEnvelope } from '@comptoir/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { START_TIMEOUT_MS, startCatalog, type TestCatalog } from './catalog.fixture.ts';

let catalog: TestCatalog;
let categoryId: string;
const received: EventEnvelope[] = [];

beforeAll(async () => {
  catalog = await startCatalog();
  await catalog.bus.subscribe({
    queue: 'catalog-events-test',
    topics: ['product.*'],
    handler: async (event) => {
      received.push(event);
    },
  });
  categoryId = (await catalog.category()).id;
}, START_TIMEOUT_MS);
afterAll(() => catalog?.close());

const eventsOf = (productId: string) => received.filter((e) => e.subject === productId);

describe('every product change is published through the outbox', () => {
  it('create, update and delete reach a bus subscriber, in order, with what changed', async () => {
    const product = await catalog.product(categoryId, {
      name: 'Étagère',
      price: { amount: 12000, currency: 'CAD' },
    });
    const url = `/products/${product.id}`;
    await catalog.app.inject({
      method: 'PATCH',
      url,
      headers: catalog.admin,
      payload: { name: 'Étagère murale', description: 'Chêne' },
    });
    await catalog.app.inject({ method: 'DELETE', url, headers: catalog.admin });

    await vi.waitFor(() => expect(eventsOf(product.id)).toHaveLength(3), { timeout: 10_000, interval: 50 });
    const [created, updated, deleted] = eventsOf(product.id);
    expect(created).toMatchObject({
      type: 'product.created',
      source: '/comptoir/catalog',
      data: {
        product: { id: product.id, name: 'Étagère', version: 1, price: { amount: 12000, currency: 'CAD' } },
      },
    });
    expect(updated).toMatchObject({
      type: 'product.updated',
      data: { productId: product.id, version: 2, changes: { name: 'Étagère murale', description: 'Chêne' } },
    });
    expect(Object.keys(updated?.data as object)).not.toContain('product');
    expect(deleted).toMatchObject({
      type: 'product.deleted',
      data: { productId: product.id, sku: product.sku, version: 2 },
    });
  });

  it('the events are saved in the outbox with the change, and marked published', async () => {
    const product = await catalog.product(categoryId);
    await vi.waitFor(
      async () => {
        const { rows } = await catalog.db.query<{ type: string; published: boolean }>(
          `select type, published_at is not null as published from outbox where payload->>'subject' = $1`,
          [product.id],
        );
        expect(rows).toEqual([{ type: 'product.created', published: true }]);
      },
      { timeout: 10_000, interval: 50 },
    );
  });

  it('a refused change publishes nothing', async () => {
    const product = await catalog.product(categoryId);
    const url = `/products/${product.id}`;
    const stale = await catalog.app.inject({
      method: 'PATCH',
      url,
      headers: { ...catalog.admin, 'if-match': '"9"' },
      payload: { name: 'x' },
    });
    expect(stale.statusCode).toBe(412);
    const unchanged = await catalog.app.inject({
      method: 'PATCH',
      url,
      headers: catalog.admin,
      payload: { name: product.name },
    });
    expect(unchanged.statusCode).toBe(200);

    const { rows } = await catalog.db.query(`select 1 from outbox where payload->>'subject' = $1`, [
      product.id,
    ]);
    expect(rows).toHaveLength(1);
  });
});
