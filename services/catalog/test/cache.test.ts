import type { Product } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startCatalog, type TestCatalog } from './catalog.fixture.ts';

let catalog: TestCatalog;
let categoryId: string;

beforeAll(async () => {
  catalog = await startCatalog();
  categoryId = (await catalog.category()).id;
}, START_TIMEOUT_MS);
afterAll(() => catalog?.close());

const get = async (url: string) => (await catalog.app.inject({ method: 'GET', url })).json();
const names = (page: { items: Product[] }) => page.items.map((p) => p.name);

// Changing a row behind the service's back shows whether a read came from the cache.
const renameInDatabase = (id: string, name: string) =>
  catalog.db.query('update product set name = $2 where id = $1', [id, name]);

describe('reads are cached and every write makes the next read fresh', () => {
  it('a product read by id comes from the cache until the product is edited', async () => {
    const product = await catalog.product(categoryId, { name: 'Lampe' });
    const url = `/products/${product.id}`;
    expect((await get(url)).name).toBe('Lampe');

    await renameInDatabase(product.id, 'Renamed behind the cache');
    expect((await get(url)).name).toBe('Lampe');

    await catalog.app.inject({
      method: 'PATCH',
      url,
      headers: catalog.admin,
      payload: { price: { amount: 10, currency: 'CAD' } },
    });
    expect(await get(url)).toMatchObject({
      name: 'Renamed behind the cache',
      price: { amount: 10 },
      version: 2,
    });
  });

  it('read, update, read: the second read has the new value', async () => {
    const product = await catalog.product(categoryId, { name: 'Fauteuil' });
    const url = `/products/${product.id}`;
    await get(url);
    await catalog.app.inject({
      method: 'PATCH',
      url,
      headers: catalog.admin,
      payload: { name: 'Fauteuil club' },
    });
    expect((await get(url)).name).toBe('Fauteuil club');
  });

  it('search results come from the cache until a product changes, then the next search is fresh', async () => {
    const product = await catalog.product(categoryId, { name: 'Bougeoir en laiton' });
    expect(names(await get('/products?q=bougeoir'))).toEqual(['Bougeoir en laiton']);

    await renameInDatabase(product.id, 'Chandelier');
    expect(names(await get('/products?q=bougeoir'))).toEqual(['Bougeoir en laiton']);

    await catalog.app.inject({
      method: 'PATCH',
      url: `/products/${product.id}`,
      headers: catalog.admin,
      payload: { name: 'Photophore' },
    });
    expect(names(await get('/products?q=bougeoir'))).toEqual([]);
    expect(names(await get('/products?q=photophore'))).toEqual(['Photophore']);
  });

  it('a created or deleted product shows in, or leaves, the next list at once', async () => {
    await get('/products?q=parasol');
    const product = await catalog.product(categoryId, { name: 'Parasol' });
    expect(names(await get('/products?q=parasol'))).toEqual(['Parasol']);

    await catalog.app.inject({ method: 'DELETE', url: `/products/${product.id}`, headers: catalog.admin });
    expect(names(await get('/products?q=parasol'))).toEqual([]);
    expect((await catalog.app.inject({ method: 'GET', url: `/products/${product.id}` })).statusCode).toBe(
      404,
    );
  });

  it('a renamed category slug filters the next list by its new slug', async () => {
    const category = await catalog.category('luminaires');
    await catalog.product(category.id, { name: 'Applique' });
    expect(names(await get('/products?category=luminaires'))).toEqual(['Applique']);

    await catalog.app.inject({
      method: 'PATCH',
      url: `/categories/${category.id}`,
      headers: catalog.admin,
      payload: { slug: 'eclairage' },
    });
    expect(names(await get('/products?category=luminaires'))).toEqual([]);
    expect(names(await get('/products?category=eclairage'))).toEqual(['Applique']);
  });
});
