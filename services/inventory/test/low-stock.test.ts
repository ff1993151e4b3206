import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectStatus, START_TIMEOUT_MS, startInventory, type TestInventory } from './inventory.fixture.ts';

let inventory: TestInventory;
let store: string;
let storeId: string | null;

beforeAll(async () => {
  inventory = await startInventory({ INVENTORY_LOW_STOCK_THRESHOLD: '5' });
  ({ id: store, storeId } = await inventory.store());
}, START_TIMEOUT_MS);
afterAll(() => inventory?.close());

let keys = 0;
const sellOne = (sku: string) =>
  expectStatus(inventory.app, 201, {
    method: 'POST',
    url: '/sale-movements',
    headers: { ...inventory.admin, 'idempotency-key': `low-${Date.now()}-${++keys}` },
    payload: { saleId: `sal_${keys}`, locationId: store, lines: [{ sku, quantity: 1 }] },
  });

// The outbox holds every event the moment its change commits: an exact count, no waiting.
const saved = async (type: string, sku: string) => {
  const { rows } = await inventory.db.query<{ data: { available: number; threshold: number } }>(
    `select payload->'data' as data from outbox where type = $1 and payload->>'subject' = $2 order by seq`,
    [type, sku],
  );
  return rows.map((row) => row.data);
};

const setThreshold = (sku: string, threshold: number | null) =>
  expectStatus<{ threshold: number; source: string }>(inventory.app, 200, {
    method: 'PUT',
    url: '/thresholds',
    headers: inventory.admin,
    payload: { sku, locationId: store, threshold },
  });

describe('stock.low is published once per crossing of the threshold', () => {
  it('selling from 10 down to 2 alerts once, when available goes from 5 to 4 — not on every sale below', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 10);
    for (let i = 0; i < 8; i++) await sellOne(sku);
    expect(await saved('stock.low', sku)).toEqual([
      expect.objectContaining({ available: 4, threshold: 5, locationId: store, storeId }),
    ]);
    await vi.waitFor(() => expect(inventory.eventsOf('stock.low', sku)).toHaveLength(1), { timeout: 10_000 });
  });

  it('back at or above the threshold re-arms it: the next drop below alerts again', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 6);
    await sellOne(sku);
    await sellOne(sku);
    expect(await saved('stock.low', sku)).toHaveLength(1);
    await inventory.receive(sku, store, 1); // 5: at the threshold, armed again
    await sellOne(sku);
    expect(await saved('stock.low', sku)).toHaveLength(2);
  });

  it('a level that never reached its threshold does not alert', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 3);
    await sellOne(sku);
    expect(await saved('stock.low', sku)).toEqual([]);
  });

  it('stock held by a reservation counts: available falling below the threshold alerts', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, 'loc_online', 6);
    await expectStatus(inventory.app, 201, {
      method: 'POST',
      url: '/reservations',
      headers: inventory.admin,
      payload: { orderId: `ord_low_${Date.now()}`, locationId: 'loc_online', lines: [{ sku, quantity: 2 }] },
    });
    expect(await saved('stock.low', sku)).toEqual([expect.objectContaining({ available: 4, storeId: null })]);
  });
});

describe('low-stock alerts in the metrics', () => {
  const alertsAt = async (locationId: string) => {
    const text = (await inventory.app.inject({ method: 'GET', url: '/metrics' })).body;
    const line = text
      .split('\n')
      .find((l) => l.startsWith('comptoir_stock_low_total{') && l.includes(`location="${locationId}"`));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };

  it('counts each alert once under its location, and none for a sale refused as a whole', async () => {
    const other = (await inventory.store()).id;
    const [before, beforeOther] = [await alertsAt(store), await alertsAt(other)];
    const sku = await inventory.product();
    await inventory.receive(sku, store, 6);
    await sellOne(sku);
    await sellOne(sku); // 4 < 5: the alert
    await sellOne(sku);
    expect(await alertsAt(store)).toBe(before + 1);

    // A sale whose first line would cross the threshold and whose second cannot be served: refused
    // as a whole, so its alert, recorded on the way, is rolled back and never counted.
    const crossing = await inventory.product();
    const short = await inventory.product();
    await inventory.receive(crossing, other, 6);
    await inventory.receive(short, other, 1);
    const refused = await inventory.app.inject({
      method: 'POST',
      url: '/sale-movements',
      headers: { ...inventory.admin, 'idempotency-key': `low-refused-${Date.now()}` },
      payload: {
        saleId: `sal_refused_${Date.now()}`,
        locationId: other,
        lines: [
          { sku: crossing, quantity: 2 },
          { sku: short, quantity: 2 },
        ],
      },
    });
    expect(refused.statusCode).toBe(409);
    expect((await inventory.level(crossing, other)).available).toBe(6);
    expect(await alertsAt(other)).toBe(beforeOther);
  });
});

describe('thresholds per sku and location', () => {
  it('a threshold of its own applies at once; null goes back to the default', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 12);
    expect(await setThreshold(sku, 20)).toMatchObject({ threshold: 20, source: 'custom' });
    expect(await saved('stock.low', sku)).toEqual([
      expect.objectContaining({ available: 12, threshold: 20 }),
    ]);

    expect(await setThreshold(sku, null)).toMatchObject({ threshold: 5, source: 'default' });
    for (let i = 0; i < 8; i++) await sellOne(sku);
    expect((await saved('stock.low', sku)).map((e) => e.threshold)).toEqual([20, 5]);
  });

  it('every movement publishes stock.adjusted with the movement and the level after it', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 3);
    await sellOne(sku);
    const adjusted = await saved('stock.adjusted', sku);
    expect(adjusted).toEqual([
      expect.objectContaining({ movement: expect.objectContaining({ kind: 'receive', quantity: 3 }) }),
      expect.objectContaining({
        movement: expect.objectContaining({ kind: 'sale', quantity: -1 }),
        level: { sku, locationId: store, onHand: 2, reserved: 0, available: 2 },
      }),
    ]);
  });
});
