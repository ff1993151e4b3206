import type { Movement, StockLevel } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startInventory, type TestInventory } from './inventory.fixture.ts';

let inventory: TestInventory;
let store: string;
let otherStore: string;

beforeAll(async () => {
  inventory = await startInventory();
  store = (await inventory.store()).id;
  otherStore = (await inventory.store()).id;
}, START_TIMEOUT_MS);
afterAll(() => inventory?.close());

type Result = { movements: Movement[]; levels: StockLevel[] };
const deliver = async (payload: object, headers: Record<string, string> = inventory.admin) =>
  inventory.app.inject({ method: 'POST', url: '/receipts', headers, payload });

describe('a delivery received at a store', () => {
  it('receives every line in one call, answered in the order of the note', async () => {
    const [a, b, c] = [
      await inventory.product('ZZ-DLV-A'),
      await inventory.product(),
      await inventory.product(),
    ];
    const response = await deliver({
      locationId: store,
      reference: 'BL-2026-001',
      lines: [
        { sku: c, quantity: 3 },
        { sku: a, quantity: 10 },
        { sku: b, quantity: 1 },
      ],
    });
    expect(response.statusCode).toBe(201);
    const result = response.json<Result>();
    expect(result.movements.map((m) => [m.sku, m.kind, m.quantity, m.reference])).toEqual([
      [c, 'receive', 3, 'BL-2026-001'],
      [a, 'receive', 10, 'BL-2026-001'],
      [b, 'receive', 1, 'BL-2026-001'],
    ]);
    expect((await inventory.level(a, store)).onHand).toBe(10);
    expect((await inventory.level(a, otherStore)).onHand).toBe(0);
  });

  it('receives nothing when one line names a sku the catalog never announced', async () => {
    const known = await inventory.product();
    const response = await deliver({
      locationId: store,
      lines: [
        { sku: known, quantity: 4 },
        { sku: 'NEVER-ANNOUNCED-1', quantity: 1 },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect((await inventory.level(known, store)).onHand).toBe(0);
  });

  it('refuses a note naming one sku twice, and an empty note', async () => {
    const sku = await inventory.product();
    const twice = await deliver({
      locationId: store,
      lines: [
        { sku, quantity: 1 },
        { sku, quantity: 2 },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect((await deliver({ locationId: store, lines: [] })).statusCode).toBe(400);
  });

  it('received twice with one Idempotency-Key, it is stocked once', async () => {
    const sku = await inventory.product();
    const payload = { locationId: store, lines: [{ sku, quantity: 6 }] };
    const headers = { ...inventory.admin, 'idempotency-key': `bl-${sku}` };
    const [first, second] = await Promise.all([deliver(payload, headers), deliver(payload, headers)]);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.json()).toEqual(first.json());
    expect((await inventory.level(sku, store)).onHand).toBe(6);
  });

  it("is refused to a store manager of another store, and allowed to this store's manager", async () => {
    const sku = await inventory.product();
    const elsewhere = await inventory.auth.headersFor({
      roles: ['store_manager'],
      storeIds: ['sto_elsewhere'],
    });
    const shop = await inventory.store();
    const here = await inventory.auth.headersFor({
      roles: ['store_manager'],
      storeIds: [shop.storeId ?? ''],
    });
    const payload = { locationId: shop.id, lines: [{ sku, quantity: 2 }] };
    expect((await deliver(payload, elsewhere)).statusCode).toBe(403);
    expect((await deliver(payload, here)).statusCode).toBe(201);
    expect((await inventory.level(sku, shop.id)).onHand).toBe(2);
  });
});
