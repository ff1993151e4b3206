import type { Reconciliation } from '@comptoir/contracts';
import type { EventEnvelope } from '@comptoir/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectStatus, START_TIMEOUT_MS, startInventory, type TestInventory } from './inventory.fixture.ts';

let inventory: TestInventory;
let store: string;
let storeId: string;
let cashier: { authorization: string };
let manager: { authorization: string };
const reconciliationEvents: EventEnvelope[] = [];
const eventsOf = (type: string, sku: string) =>
  reconciliationEvents.filter((event) => event.type === type && event.subject === sku);

beforeAll(async () => {
  inventory = await startInventory();
  // Two words after `stock.`: the fixture's `stock.*` does not hear them.
  await inventory.bus.subscribe({
    queue: 'inventory-reconciliations-test',
    topics: ['stock.reconciliation.*'],
    handler: async (event) => {
      reconciliationEvents.push(event);
    },
  });
  const location = await inventory.store();
  store = location.id;
  storeId = location.storeId ?? '';
  cashier = await inventory.auth.headersFor({
    subject: 'usr_cashier',
    roles: ['cashier'],
    storeIds: [storeId],
  });
  manager = await inventory.auth.headersFor({
    subject: 'usr_manager',
    roles: ['store_manager'],
    storeIds: [storeId],
  });
}, START_TIMEOUT_MS);
afterAll(() => inventory?.close());

let sales = 0;
const newSaleId = () => `sal_offline_${Date.now()}_${++sales}`;

function sellOffline(lines: { sku: string; quantity: number }[], saleId = newSaleId(), as = cashier) {
  return inventory.app.inject({
    method: 'POST',
    url: '/offline-sale-movements',
    headers: { ...as, 'idempotency-key': saleId },
    payload: { saleId, locationId: store, lines },
  });
}

async function openRecords(sku: string): Promise<Reconciliation[]> {
  const page = await expectStatus<{ items: Reconciliation[] }>(inventory.app, 200, {
    method: 'GET',
    url: `/reconciliations?status=open&locationId=${store}&limit=100`,
    headers: manager,
  });
  return page.items.filter((record) => record.sku === sku);
}

describe('an offline sale synced later', () => {
  it('takes the stock even below zero, and opens one reconciliation that later oversells join', async () => {
    const vase = await inventory.product();
    await inventory.receive(vase, store, 1);
    const first = newSaleId();
    const second = newSaleId();
    expect((await sellOffline([{ sku: vase, quantity: 1 }], first)).statusCode).toBe(201);
    expect(await openRecords(vase)).toEqual([]);
    const response = await sellOffline([{ sku: vase, quantity: 2 }], second);
    expect(response.statusCode).toBe(201);
    expect(response.json().movements).toEqual([
      expect.objectContaining({ kind: 'offline_sale', quantity: -2, reference: second }),
    ]);
    expect(await inventory.level(vase, store)).toMatchObject({ onHand: -2, available: -2 });

    const third = newSaleId();
    expect((await sellOffline([{ sku: vase, quantity: 1 }], third)).statusCode).toBe(201);
    const records = await openRecords(vase);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ quantityShort: 3, saleIds: [second, third], storeId, status: 'open' });
    await vi.waitFor(
      () => expect(eventsOf('stock.reconciliation.opened', vase).length).toBeGreaterThanOrEqual(2),
      { timeout: 10_000 },
    );
  });

  it('the online counter still never takes a level below zero', async () => {
    const lamp = await inventory.product();
    await inventory.receive(lamp, store, 1);
    expect((await sellOffline([{ sku: lamp, quantity: 2 }])).statusCode).toBe(201);
    const online = await inventory.app.inject({
      method: 'POST',
      url: '/sale-movements',
      headers: { ...cashier, 'idempotency-key': newSaleId() },
      payload: { saleId: newSaleId(), locationId: store, lines: [{ sku: lamp, quantity: 1 }] },
    });
    expect(online.statusCode).toBe(409);
    expect(online.json()).toMatchObject({ code: 'INVENTORY_INSUFFICIENT_STOCK' });
    expect((await inventory.level(lamp, store)).onHand).toBe(-1);
  });

  it('the same sale synced again, at once or later and by anyone, moves the stock once', async () => {
    const cup = await inventory.product();
    await inventory.receive(cup, store, 10);
    const saleId = newSaleId();
    const answers = await Promise.all([
      sellOffline([{ sku: cup, quantity: 3 }], saleId),
      sellOffline([{ sku: cup, quantity: 3 }], saleId, manager),
      sellOffline([{ sku: cup, quantity: 3 }], saleId),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect((await inventory.level(cup, store)).onHand).toBe(7);
  });

  it('a product deleted since is still sold; a sku never known is a 422', async () => {
    const gone = await inventory.product();
    await inventory.receive(gone, store, 2);
    const { rows } = await inventory.db.query<{ product_id: string }>(
      'select product_id from sku where sku = $1',
      [gone],
    );
    const id = rows[0]?.product_id ?? '';
    await inventory.catalogEvent(
      'product.deleted',
      { productId: id, sku: gone, version: 1, deletedAt: new Date().toISOString() },
      id,
    );
    await inventory.skuKnown(gone, false);
    expect((await sellOffline([{ sku: gone, quantity: 1 }])).statusCode).toBe(201);
    const unknown = await sellOffline([{ sku: 'NEVER-HEARD-OF', quantity: 1 }]);
    expect(unknown.statusCode).toBe(422);
  });
});

describe('resolving a reconciliation with a count', () => {
  it('sets the stock to the count, closes the record once; cashiers and strangers may not', async () => {
    const chair = await inventory.product();
    const saleId = newSaleId();
    expect((await sellOffline([{ sku: chair, quantity: 2 }], saleId)).statusCode).toBe(201);
    const [record] = await openRecords(chair);
    if (!record) throw new Error('no reconciliation opened');

    const resolve = (as: { authorization: string }, counted = 4) =>
      inventory.app.inject({
        method: 'POST',
        url: `/reconciliations/${record.id}/resolve`,
        headers: as,
        payload: { counted, reason: 'Compté au rayon' },
      });
    expect((await resolve(cashier)).statusCode).toBe(403);
    const stranger = await inventory.auth.headersFor({
      subject: 'usr_elsewhere',
      roles: ['store_manager'],
      storeIds: ['sto_elsewhere'],
    });
    expect((await resolve(stranger)).statusCode).toBe(404);

    const resolved = await resolve(manager);
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      countedQuantity: 4,
      resolvedBy: 'usr_manager',
    });
    expect(await inventory.level(chair, store)).toMatchObject({ onHand: 4, available: 4 });
    expect(await openRecords(chair)).toEqual([]);
    expect((await resolve(manager)).statusCode).toBe(409);
    const { rows } = await inventory.db.query<{ kind: string; quantity: number }>(
      "select kind, quantity from movement where sku = $1 and kind = 'count'",
      [chair],
    );
    expect(rows).toEqual([{ kind: 'count', quantity: 6 }]);
    await vi.waitFor(() => expect(eventsOf('stock.reconciliation.resolved', chair)).toHaveLength(1), {
      timeout: 10_000,
    });

    // After the count the level is an ordinary one again: the online counter may sell it down to zero.
    const online = await inventory.app.inject({
      method: 'POST',
      url: '/sale-movements',
      headers: { ...cashier, 'idempotency-key': newSaleId() },
      payload: { saleId: newSaleId(), locationId: store, lines: [{ sku: chair, quantity: 4 }] },
    });
    expect(online.statusCode).toBe(201);
  });

  it('store staff must name their location; head office sees every store', async () => {
    const listed = await inventory.app.inject({ method: 'GET', url: '/reconciliations', headers: manager });
    expect(listed.statusCode).toBe(400);
    const all = await inventory.app.inject({
      method: 'GET',
      url: '/reconciliations?status=open',
      headers: inventory.admin,
    });
    expect(all.statusCode).toBe(200);
    const other = await inventory.store();
    const elsewhere = await inventory.app.inject({
      method: 'GET',
      url: `/reconciliations?locationId=${other.id}`,
      headers: manager,
    });
    expect(elsewhere.statusCode).toBe(403);
  });
});
