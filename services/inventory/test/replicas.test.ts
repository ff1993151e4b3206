import { buildService } from '@comptoir/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inventory as definition } from '../src/app.ts';
import { START_TIMEOUT_MS, startInventory, type TestInventory } from './inventory.fixture.ts';

/**
 * Two replicas of inventory on one database, cache and bus, as in a deployment: the first is the
 * fixture's, the second is built beside it.
 */
let inventory: TestInventory;
let second: Awaited<ReturnType<typeof buildService>>;

beforeAll(async () => {
  const env = { INVENTORY_SWEEP_INTERVAL_MS: '50' };
  inventory = await startInventory(env);
  second = await buildService(definition, {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    db: inventory.db,
    cache: inventory.cache,
    bus: inventory.bus,
    tokenVerifier: inventory.auth.verifier,
  });
  await second.app.ready();
}, START_TIMEOUT_MS);
afterAll(async () => {
  await second?.close();
  await inventory?.close();
});

const replicas = () => [inventory.app, second.app];

describe('replicas share the work without doing it twice', () => {
  it('both sweepers release every expired reservation exactly once', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, 'loc_online', 100);
    const orders = Array.from({ length: 30 }, (_, i) => `ord_replica_${Date.now()}_${i}`);
    for (const [i, orderId] of orders.entries()) {
      const response = await replicas()[i % 2]?.inject({
        method: 'POST',
        url: '/reservations',
        headers: inventory.admin,
        payload: { orderId, locationId: 'loc_online', lines: [{ sku, quantity: 2 }], ttlSeconds: 1 },
      });
      expect(response?.statusCode).toBe(201);
    }
    await vi.waitFor(
      async () => {
        const { rows } = await inventory.db.query(`select 1 from reservation where status = 'active'`);
        expect(rows).toHaveLength(0);
      },
      { timeout: 15_000, interval: 100 },
    );
    const { rows } = await inventory.db.query<{ subject: string }>(
      `select payload->>'subject' as subject from outbox where type = 'stock.released'`,
    );
    expect(rows.map((r) => r.subject).sort()).toEqual([...orders].sort());
    expect(await inventory.level(sku, 'loc_online')).toMatchObject({ onHand: 100, reserved: 0 });
  }, 30_000);

  it('sales spread over both replicas never overdraw, and each replica reads the other’s changes', async () => {
    const store = (await inventory.store()).id;
    const sku = await inventory.product();
    await inventory.receive(sku, store, 20);
    const read = async (i: number) =>
      (await replicas()[i]?.inject({ method: 'GET', url: `/stock?sku=${sku}&location=${store}` }))?.json()
        .items[0];
    expect(await read(1)).toMatchObject({ available: 20 });
    const sales = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        replicas()[i % 2]?.inject({
          method: 'POST',
          url: '/sale-movements',
          headers: { ...inventory.admin, 'idempotency-key': `replica-${sku}-${i}` },
          payload: { saleId: `sal_${i}`, locationId: store, lines: [{ sku, quantity: 1 }] },
        }),
      ),
    );
    expect(sales.filter((r) => r?.statusCode === 201)).toHaveLength(20);
    expect(await read(0)).toMatchObject({ onHand: 0, available: 0 });
    expect(await read(1)).toMatchObject({ onHand: 0, available: 0 });
  });
});
