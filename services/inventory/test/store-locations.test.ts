import type { Location, StockLevel, Store } from '@comptoir/contracts';
import { QUEBEC_TAXES } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, START_TIMEOUT_MS, startInventory, type TestInventory } from './inventory.fixture.ts';

let inventory: TestInventory;
beforeAll(async () => {
  inventory = await startInventory();
}, START_TIMEOUT_MS);
afterAll(() => inventory?.close());

let stores = 0;
/** A store as the stores service announces it. */
function storeNamed(name: string, updatedAt = new Date().toISOString()): Store {
  stores += 1;
  return {
    id: `sto_01JD3Z8Q5V7W4X9Y2B6C${String(stores).padStart(6, '0')}`,
    code: `MTL-${stores}`,
    name,
    district: 'Le Plateau-Mont-Royal',
    type: 'boutique',
    address: '4321, boulevard Saint-Laurent',
    currency: 'CAD',
    taxes: [...QUEBEC_TAXES],
    createdAt: updatedAt,
    updatedAt,
  };
}

async function announce(type: 'store.created' | 'store.updated', store: Store): Promise<void> {
  const id = await inventory.catalogEvent(type, { store }, store.id);
  await inventory.handled(id);
}

async function locationsOf(storeId: string): Promise<Location[]> {
  const page = await expectStatus<{ items: Location[] }>(inventory.app, 200, {
    method: 'GET',
    url: `/locations?storeId=${storeId}`,
  });
  return page.items;
}

describe('a store’s location follows the store', () => {
  it('store.created makes the store’s location, named after it', async () => {
    const store = storeNamed('Comptoir Plateau');
    await announce('store.created', store);
    expect(await locationsOf(store.id)).toEqual([
      expect.objectContaining({ type: 'store', name: 'Comptoir Plateau', storeId: store.id }),
    ]);
  });

  it('store.updated renames it, keeping the same location (and so its stock)', async () => {
    const store = storeNamed('Comptoir Mile End', '2026-01-01T10:00:00.000Z');
    await announce('store.created', store);
    const [before] = await locationsOf(store.id);
    await announce('store.updated', {
      ...store,
      name: 'Comptoir Mile-Ex',
      updatedAt: '2026-01-02T10:00:00.000Z',
    });
    expect(await locationsOf(store.id)).toEqual([
      { ...before, name: 'Comptoir Mile-Ex', updatedAt: expect.any(String) },
    ]);
  });

  it('an older fact of the store arriving late does not rename it back; a redelivery changes nothing', async () => {
    const store = storeNamed('Comptoir Verdun', '2026-01-01T10:00:00.000Z');
    const renamed = { ...store, name: 'Comptoir Wellington', updatedAt: '2026-01-03T10:00:00.000Z' };
    await announce('store.updated', renamed);
    await announce('store.created', store);
    await announce('store.updated', renamed);
    expect(await locationsOf(store.id)).toEqual([expect.objectContaining({ name: 'Comptoir Wellington' })]);
  });

  it('a new store shows at once in a sku’s availability per location, and takes stock', async () => {
    const sku = await inventory.product();
    const levels = async () =>
      (
        await expectStatus<{ levels: StockLevel[] }>(inventory.app, 200, {
          method: 'GET',
          url: `/stock/${sku}`,
        })
      ).levels;
    // Read before the store exists: a cached answer kept after it would miss the store.
    const before = await levels();
    const store = storeNamed('Comptoir Saint-Roch');
    await announce('store.created', store);
    const [location] = await locationsOf(store.id);
    expect(before.map((l) => l.locationId)).not.toContain(location!.id);
    expect(await levels()).toContainEqual(expect.objectContaining({ locationId: location!.id, onHand: 0 }));
    await inventory.receive(sku, location!.id, 4);
    expect(await levels()).toContainEqual(expect.objectContaining({ locationId: location!.id, onHand: 4 }));
  });

  it('a store event without a store is retried and then dead-lettered, and makes no location', async () => {
    const eventId = await inventory.catalogEvent('store.created', { store: { id: 'sto_x' } }, 'sto_x');
    await expect
      .poll(async () => (await inventory.bus.deadLetters('inventory.store-events')).map((l) => l.event.id), {
        timeout: 20_000,
        interval: 100,
      })
      .toEqual([eventId]);
    expect(await locationsOf('sto_x')).toEqual([]);
  });
});
