import type { Movement, StockLevel } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, START_TIMEOUT_MS, startInventory, type TestInventory } from './inventory.fixture.ts';

let inventory: TestInventory;
let storeA: string;
let storeB: string;

beforeAll(async () => {
  inventory = await startInventory();
  storeA = (await inventory.store()).id;
  storeB = (await inventory.store()).id;
}, START_TIMEOUT_MS);
afterAll(() => inventory?.close());

type Result = { movements: Movement[]; levels: StockLevel[] };
const move = (payload: object, status = 201) =>
  expectStatus<Result>(inventory.app, status, {
    method: 'POST',
    url: '/movements',
    headers: inventory.admin,
    payload,
  });

describe('receiving, counting and adjusting stock', () => {
  it('received stock can be read at once, with the movement that brought it', async () => {
    const sku = await inventory.product();
    const result = await move({ kind: 'receive', sku, locationId: storeA, quantity: 12, reference: 'PO-1' });
    expect(result.movements).toEqual([
      expect.objectContaining({ sku, locationId: storeA, kind: 'receive', quantity: 12, reference: 'PO-1' }),
    ]);
    expect(result.levels).toEqual([{ sku, locationId: storeA, onHand: 12, reserved: 0, available: 12 }]);
    expect(await inventory.level(sku, storeA)).toEqual({
      sku,
      locationId: storeA,
      onHand: 12,
      reserved: 0,
      available: 12,
    });
  });

  it('a count sets the level to what was found; the movement is the difference, with its reason', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, storeA, 10);
    const counted = await move({
      kind: 'count',
      sku,
      locationId: storeA,
      counted: 7,
      reason: 'Inventaire annuel',
    });
    expect(counted.movements[0]).toMatchObject({ kind: 'count', quantity: -3, reason: 'Inventaire annuel' });
    expect((await inventory.level(sku, storeA)).onHand).toBe(7);

    const matched = await move({ kind: 'count', sku, locationId: storeA, counted: 7, reason: 'Recomptage' });
    expect(matched.movements[0]).toMatchObject({ kind: 'count', quantity: 0 });
  });

  it('a count without a reason is refused', async () => {
    const sku = await inventory.product();
    const response = await inventory.app.inject({
      method: 'POST',
      url: '/movements',
      headers: inventory.admin,
      payload: { kind: 'count', sku, locationId: storeA, counted: 3 },
    });
    expect(response.statusCode).toBe(400);
  });

  it('an adjustment moves the level by a signed quantity, never below zero', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, storeA, 5);
    await move({ kind: 'adjust', sku, locationId: storeA, quantity: -2, reason: 'Casse' });
    expect((await inventory.level(sku, storeA)).onHand).toBe(3);
    const refused = await inventory.app.inject({
      method: 'POST',
      url: '/movements',
      headers: inventory.admin,
      payload: { kind: 'adjust', sku, locationId: storeA, quantity: -4, reason: 'Vol' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'INVENTORY_INSUFFICIENT_STOCK', sku, available: 3 });
    expect((await inventory.level(sku, storeA)).onHand).toBe(3);
  });
});

describe('transfers', () => {
  it('moves stock from one location to another in one transaction: two movements, one reference', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, storeA, 10);
    const result = await move({
      kind: 'transfer',
      sku,
      fromLocationId: storeA,
      toLocationId: storeB,
      quantity: 4,
    });
    const [out, into] = result.movements;
    expect(out).toMatchObject({ kind: 'transfer_out', locationId: storeA, quantity: -4 });
    expect(into).toMatchObject({ kind: 'transfer_in', locationId: storeB, quantity: 4 });
    expect(out?.reference).toMatch(/^trf_/);
    expect(into?.reference).toBe(out?.reference);
    expect((await inventory.level(sku, storeA)).onHand).toBe(6);
    expect((await inventory.level(sku, storeB)).onHand).toBe(4);
  });

  it('a transfer of more than is available moves nothing at either end', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, storeA, 2);
    const refused = await inventory.app.inject({
      method: 'POST',
      url: '/movements',
      headers: inventory.admin,
      payload: { kind: 'transfer', sku, fromLocationId: storeA, toLocationId: storeB, quantity: 3 },
    });
    expect(refused.statusCode).toBe(409);
    expect((await inventory.level(sku, storeA)).onHand).toBe(2);
    expect((await inventory.level(sku, storeB)).onHand).toBe(0);
    const { rows } = await inventory.db.query('select 1 from movement where sku = $1', [sku]);
    expect(rows).toHaveLength(1);
  });

  it('transfers crossing in both directions at once all complete (no deadlock)', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, storeA, 50);
    await inventory.receive(sku, storeB, 50);
    const transfer = (from: string, to: string) =>
      move({ kind: 'transfer', sku, fromLocationId: from, toLocationId: to, quantity: 1 });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? transfer(storeA, storeB) : transfer(storeB, storeA))),
    );
    expect((await inventory.level(sku, storeA)).onHand).toBe(50);
    expect((await inventory.level(sku, storeB)).onHand).toBe(50);
  });
});

describe('availability reads', () => {
  it('are fresh right after every kind of change, although cached', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, storeA, 10);
    const read = async () => (await inventory.level(sku, storeA)).available;
    const perSku = async () =>
      (await expectStatus<{ available: number }>(inventory.app, 200, { method: 'GET', url: `/stock/${sku}` }))
        .available;
    expect(await read()).toBe(10);
    expect(await perSku()).toBe(10);

    // Behind the service's back: a cached read does not see it…
    await inventory.db.query('update stock_level set on_hand = 99 where sku = $1', [sku]);
    expect(await read()).toBe(10);
    // …but the next change through the service makes both reads fresh.
    await move({ kind: 'adjust', sku, locationId: storeA, quantity: -1, reason: 'Échantillon' });
    expect(await read()).toBe(98);
    expect(await perSku()).toBe(98);
    await inventory.db.query('update stock_level set on_hand = 9 where sku = $1', [sku]);
    await move({ kind: 'receive', sku, locationId: storeA, quantity: 1 });
    expect(await read()).toBe(10);
  });

  it('a sku’s stock is listed for every location, zero where it was never stocked', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, storeB, 3);
    const stock = await expectStatus<{ levels: StockLevel[]; onHand: number }>(inventory.app, 200, {
      method: 'GET',
      url: `/stock/${sku}`,
    });
    expect(stock.onHand).toBe(3);
    expect(stock.levels.find((l) => l.locationId === storeB)).toMatchObject({ onHand: 3, available: 3 });
    expect(stock.levels.find((l) => l.locationId === storeA)).toMatchObject({ onHand: 0 });
    expect(stock.levels.find((l) => l.locationId === 'loc_online')).toMatchObject({ onHand: 0 });
  });

  it('a new location shows in a sku’s stock at once', async () => {
    const sku = await inventory.product();
    await expectStatus(inventory.app, 200, { method: 'GET', url: `/stock/${sku}` });
    const store = await inventory.store();
    const stock = await expectStatus<{ levels: StockLevel[] }>(inventory.app, 200, {
      method: 'GET',
      url: `/stock/${sku}`,
    });
    expect(stock.levels.map((l) => l.locationId)).toContain(store.id);
  });

  it('pages walk every level exactly once', async () => {
    const skus = [await inventory.product(), await inventory.product(), await inventory.product()];
    for (const sku of skus) await inventory.receive(sku, storeB, 1);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: StockLevel[]; nextCursor: string | null } = await expectStatus(
        inventory.app,
        200,
        {
          method: 'GET',
          url: `/stock?location=${storeB}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        },
      );
      seen.push(...page.items.map((l) => l.sku));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...new Set(seen)]);
    for (const sku of skus) expect(seen).toContain(sku);
  });
});
