import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startInventory, type TestInventory } from './inventory.fixture.ts';

let inventory: TestInventory;
let store: string;
let cashier: { authorization: string };

beforeAll(async () => {
  inventory = await startInventory();
  const location = await inventory.store();
  store = location.id;
  cashier = await inventory.auth.headersFor({
    subject: 'usr_cashier',
    roles: ['cashier'],
    storeIds: [location.storeId ?? ''],
  });
}, START_TIMEOUT_MS);
afterAll(() => inventory?.close());

let keys = 0;
const newKey = () => `sale-${Date.now()}-${++keys}`;

const sell = (lines: { sku: string; quantity: number }[], key = newKey(), saleId = `sal_${key}`) =>
  inventory.app.inject({
    method: 'POST',
    url: '/sale-movements',
    headers: { ...cashier, 'idempotency-key': key },
    payload: { saleId, locationId: store, lines },
  });

const statuses = (responses: LightMyRequestResponse[]) =>
  responses.reduce<Record<number, number>>((count, r) => {
    count[r.statusCode] = (count[r.statusCode] ?? 0) + 1;
    return count;
  }, {});

const movementsOf = async (sku: string) =>
  (await inventory.db.query('select 1 from movement where sku = $1 and kind = $2', [sku, 'sale'])).rows
    .length;

describe('a sale takes every line at the store, or none', () => {
  it('takes each line as a sale movement carrying the sale id, in the order of the lines', async () => {
    const [cup, pot] = [await inventory.product(), await inventory.product()];
    await inventory.receive(cup, store, 5);
    await inventory.receive(pot, store, 5);
    const response = await sell([
      { sku: pot, quantity: 2 },
      { sku: cup, quantity: 1 },
    ]);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.movements).toEqual([
      expect.objectContaining({ sku: pot, kind: 'sale', quantity: -2, reference: body.saleId }),
      expect.objectContaining({ sku: cup, kind: 'sale', quantity: -1, reference: body.saleId }),
    ]);
    expect((await inventory.level(pot, store)).onHand).toBe(3);
    expect((await inventory.level(cup, store)).onHand).toBe(4);
  });

  it('one short line refuses the whole sale with the sku and what is available; nothing moves', async () => {
    const [plenty, scarce] = [await inventory.product(), await inventory.product()];
    await inventory.receive(plenty, store, 10);
    await inventory.receive(scarce, store, 1);
    const response = await sell([
      { sku: plenty, quantity: 3 },
      { sku: scarce, quantity: 2 },
    ]);
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      code: 'INVENTORY_INSUFFICIENT_STOCK',
      sku: scarce,
      available: 1,
    });
    expect((await inventory.level(plenty, store)).onHand).toBe(10);
    expect(await movementsOf(plenty)).toBe(0);
  });
});

describe('concurrent sales never take stock below zero', () => {
  it('when two cashiers sell the last unit at once, one succeeds and the other gets insufficient_stock', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 1);
    const results = await Promise.all([sell([{ sku, quantity: 1 }]), sell([{ sku, quantity: 1 }])]);
    expect(statuses(results)).toEqual({ 201: 1, 409: 1 });
    const refused = results.find((r) => r.statusCode === 409);
    expect(refused?.json()).toMatchObject({ code: 'INVENTORY_INSUFFICIENT_STOCK', sku, available: 0 });
    expect(await inventory.level(sku, store)).toMatchObject({ onHand: 0, available: 0 });
  });

  it('200 concurrent sales of one unit against 50 in stock: exactly 50 succeed', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 50);
    const results = await Promise.all(Array.from({ length: 200 }, () => sell([{ sku, quantity: 1 }])));
    expect(statuses(results)).toEqual({ 201: 50, 409: 150 });
    expect(await inventory.level(sku, store)).toMatchObject({ onHand: 0, available: 0 });
    expect(await movementsOf(sku)).toBe(50);
  }, 120_000);
});

describe('a sale is taken once per Idempotency-Key', () => {
  it('the same sale posted 20 times in parallel with one key: one movement, twenty identical answers', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 10);
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 20 }, () => sell([{ sku, quantity: 2 }], key)));
    expect(statuses(results)).toEqual({ 201: 20 });
    const bodies = new Set(results.map((r) => r.body));
    expect(bodies.size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await movementsOf(sku)).toBe(1);
    expect((await inventory.level(sku, store)).onHand).toBe(8);
  });

  it('the same key with another sale is refused with 422, and nothing moves', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 10);
    const key = newKey();
    expect((await sell([{ sku, quantity: 1 }], key)).statusCode).toBe(201);
    const other = await sell([{ sku, quantity: 3 }], key);
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'INVENTORY_IDEMPOTENCY_KEY_REUSED' });
    expect((await inventory.level(sku, store)).onHand).toBe(9);
  });

  it('a refused sale keeps no answer: after a restock, its retry with the same key succeeds', async () => {
    const sku = await inventory.product();
    const key = newKey();
    expect((await sell([{ sku, quantity: 1 }], key)).statusCode).toBe(409);
    await inventory.receive(sku, store, 1);
    expect((await sell([{ sku, quantity: 1 }], key)).statusCode).toBe(201);
  });

  it('a sale without a key is refused with 428', async () => {
    const sku = await inventory.product();
    const response = await inventory.app.inject({
      method: 'POST',
      url: '/sale-movements',
      headers: cashier,
      payload: { saleId: 'sal_nokey', locationId: store, lines: [{ sku, quantity: 1 }] },
    });
    expect(response.statusCode).toBe(428);
    expect(response.json()).toMatchObject({ code: 'INVENTORY_IDEMPOTENCY_KEY_REQUIRED' });
  });
});

describe('returns', () => {
  it('put the lines back as return movements, once per key', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 3);
    expect((await sell([{ sku, quantity: 2 }], newKey(), 'sal_returned')).statusCode).toBe(201);
    const key = newKey();
    const takeBack = () =>
      inventory.app.inject({
        method: 'POST',
        url: '/return-movements',
        headers: { ...cashier, 'idempotency-key': key },
        payload: { saleId: 'sal_returned', locationId: store, lines: [{ sku, quantity: 2 }] },
      });
    const [first, again] = [await takeBack(), await takeBack()];
    expect(first.statusCode).toBe(201);
    expect(first.json().movements[0]).toMatchObject({
      kind: 'return',
      quantity: 2,
      reference: 'sal_returned',
    });
    expect(again.body).toBe(first.body);
    expect((await inventory.level(sku, store)).onHand).toBe(3);
  });
});
