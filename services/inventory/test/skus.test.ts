import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newSku,
  productIdFor,
  START_TIMEOUT_MS,
  startInventory,
  type TestInventory,
} from './inventory.fixture.ts';

let inventory: TestInventory;
let store: string;

beforeAll(async () => {
  inventory = await startInventory();
  store = (await inventory.store()).id;
}, START_TIMEOUT_MS);
afterAll(() => inventory?.close());

const receive = (sku: string, quantity = 1) =>
  inventory.app.inject({
    method: 'POST',
    url: '/movements',
    headers: inventory.admin,
    payload: { kind: 'receive', sku, locationId: store, quantity },
  });

describe('inventory learns skus from the catalog’s events', () => {
  it('a sku the catalog never announced is refused with 422, then product.created makes it known', async () => {
    const sku = newSku('NEW');
    const before = await receive(sku);
    expect(before.statusCode).toBe(422);
    expect(before.json()).toMatchObject({
      code: 'INVENTORY_UNKNOWN_SKU',
      errors: [{ pointer: '/body/sku' }],
    });
    expect((await inventory.app.inject({ method: 'GET', url: `/stock/${sku}` })).statusCode).toBe(404);

    await inventory.product(sku);
    expect((await receive(sku, 4)).statusCode).toBe(201);
    expect((await inventory.app.inject({ method: 'GET', url: `/stock/${sku}` })).json()).toMatchObject({
      onHand: 4,
    });
  });

  it('product.deleted stops new stock and sales of the sku; its shelf can still be counted', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 5);
    const { rows } = await inventory.db.query<{ product_id: string }>(
      'select product_id from sku where sku = $1',
      [sku],
    );
    const productId = rows[0]?.product_id ?? '';
    await inventory.catalogEvent(
      'product.deleted',
      { productId, sku, version: 1, deletedAt: new Date().toISOString() },
      productId,
    );
    await inventory.skuKnown(sku, false);

    const refused = await receive(sku);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'INVENTORY_INACTIVE_SKU' });
    const counted = await inventory.app.inject({
      method: 'POST',
      url: '/movements',
      headers: inventory.admin,
      payload: { kind: 'count', sku, locationId: store, counted: 0, reason: 'Produit retiré' },
    });
    expect(counted.statusCode).toBe(201);
  });

  it('a new sku in product.updated carries the stock and its history along', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, store, 7);
    await inventory.level(sku, store); // cached under the old sku
    const { rows } = await inventory.db.query<{ product_id: string }>(
      'select product_id from sku where sku = $1',
      [sku],
    );
    const productId = rows[0]?.product_id ?? '';
    const renamed = `${sku}-V2`;
    await inventory.catalogEvent(
      'product.updated',
      { productId, sku: renamed, version: 2, changes: { sku: renamed }, updatedAt: new Date().toISOString() },
      productId,
    );
    await inventory.skuKnown(renamed);
    expect(await inventory.level(renamed, store)).toMatchObject({ onHand: 7 });
    expect((await inventory.level(sku, store)).onHand).toBe(0);
    const history = await inventory.db.query('select 1 from movement where sku = $1', [renamed]);
    expect(history.rows).toHaveLength(1);
  });

  it('an older event arriving after a newer one changes nothing', async () => {
    const productId = productIdFor(900);
    const sku = newSku('LATE');
    const at = new Date().toISOString();
    await inventory.catalogEvent(
      'product.updated',
      { productId, sku, version: 3, changes: { sku }, updatedAt: at },
      productId,
    );
    await inventory.skuKnown(sku);
    const product = {
      id: productId,
      sku: `${sku}-OLD`,
      version: 1,
      name: 'x',
      description: '',
      price: { amount: 1, currency: 'CAD' },
      categoryId: 'cat_01JD3Z8Q5V7W4X9Y2B6C0N1M3K',
      sellerId: null,
      active: true,
      createdAt: at,
      updatedAt: at,
    };
    await inventory.handled(await inventory.catalogEvent('product.created', { product }, productId));
    const { rows } = await inventory.db.query('select sku from sku where product_id = $1', [productId]);
    expect(rows).toEqual([{ sku }]);
  });

  it('created and updated of one product handled side by side still leave one sku for it', async () => {
    const productId = productIdFor(901);
    const sku = newSku('RACE');
    const at = new Date().toISOString();
    const product = {
      id: productId,
      sku: `${sku}-OLD`,
      version: 1,
      name: 'x',
      description: '',
      price: { amount: 1, currency: 'CAD' },
      categoryId: 'cat_01JD3Z8Q5V7W4X9Y2B6C0N1M3K',
      sellerId: null,
      active: true,
      createdAt: at,
      updatedAt: at,
    };
    const ids = await Promise.all([
      inventory.catalogEvent(
        'product.updated',
        { productId, sku, version: 2, changes: { sku }, updatedAt: at },
        productId,
      ),
      inventory.catalogEvent('product.created', { product }, productId),
    ]);
    for (const id of ids) await inventory.handled(id);
    const { rows } = await inventory.db.query('select sku from sku where product_id = $1', [productId]);
    expect(rows).toEqual([{ sku }]);
  });
});
