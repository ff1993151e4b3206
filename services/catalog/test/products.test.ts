import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startCatalog, type TestCatalog } from './catalog.fixture.ts';

let catalog: TestCatalog;
let categoryId: string;

beforeAll(async () => {
  catalog = await startCatalog();
  categoryId = (await catalog.category()).id;
}, START_TIMEOUT_MS);
afterAll(() => catalog?.close());

describe('products', () => {
  it('a created product can be read back, with its version as ETag', async () => {
    const created = await catalog.product(categoryId, {
      name: 'Chaise pliante',
      description: 'En hêtre',
      price: { amount: 4999, currency: 'CAD' },
    });
    expect(created.id).toMatch(/^prod_[0-9A-Z]{26}$/);
    expect(created).toMatchObject({ version: 1, active: true, sellerId: null, categoryId });

    const response = await catalog.app.inject({ method: 'GET', url: `/products/${created.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json()).toEqual(created);
  });

  it('an edit changes only the fields given and moves the version on', async () => {
    const product = await catalog.product(categoryId, { name: 'Tabouret' });
    const response = await catalog.app.inject({
      method: 'PATCH',
      url: `/products/${product.id}`,
      headers: { ...catalog.admin, 'if-match': '"1"' },
      payload: { price: { amount: 2500, currency: 'CAD' }, active: false },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toMatchObject({
      name: 'Tabouret',
      price: { amount: 2500, currency: 'CAD' },
      active: false,
      version: 2,
    });
  });

  it('an edit that changes nothing keeps the version', async () => {
    const product = await catalog.product(categoryId, { name: 'Banc' });
    const response = await catalog.app.inject({
      method: 'PATCH',
      url: `/products/${product.id}`,
      headers: catalog.admin,
      payload: { name: 'Banc' },
    });
    expect(response.json()).toMatchObject({ version: 1 });
  });

  it('an edit made against a stale version is refused with 412 and the product stays as it was', async () => {
    const product = await catalog.product(categoryId, { name: 'Lampe' });
    await catalog.app.inject({
      method: 'PATCH',
      url: `/products/${product.id}`,
      headers: catalog.admin,
      payload: { name: 'Lampe de bureau' },
    });

    const stale = await catalog.app.inject({
      method: 'PATCH',
      url: `/products/${product.id}`,
      headers: { ...catalog.admin, 'if-match': '"1"' },
      payload: { name: 'Lampe de chevet' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json()).toMatchObject({ code: 'CATALOG_VERSION_MISMATCH', currentVersion: 2 });

    const now = await catalog.app.inject({ method: 'GET', url: `/products/${product.id}` });
    expect(now.json()).toMatchObject({ name: 'Lampe de bureau', version: 2 });
  });

  it('a delete with a stale If-Match is refused; with the current one it removes the product', async () => {
    const product = await catalog.product(categoryId);
    const url = `/products/${product.id}`;
    await catalog.app.inject({ method: 'PATCH', url, headers: catalog.admin, payload: { active: false } });

    const stale = await catalog.app.inject({
      method: 'DELETE',
      url,
      headers: { ...catalog.admin, 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(412);

    const deleted = await catalog.app.inject({
      method: 'DELETE',
      url,
      headers: { ...catalog.admin, 'if-match': '"2"' },
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await catalog.app.inject({ method: 'GET', url });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ code: 'CATALOG_PRODUCT_NOT_FOUND' });
  });

  it('an unknown product is a 404 problem for read, edit and delete', async () => {
    const url = '/products/prod_01ARZ3NDEKTSV4RRFFQ69G5FAV';
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const response = await catalog.app.inject({
        method,
        url,
        headers: catalog.admin,
        ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}),
      });
      expect(response.statusCode, method).toBe(404);
      expect(response.json()).toMatchObject({ code: 'CATALOG_PRODUCT_NOT_FOUND' });
    }
  });

  it('when two admins edit the same version at once, one edit wins and the other gets 412', async () => {
    const product = await catalog.product(categoryId, { name: 'Horloge' });
    const edit = (name: string) =>
      catalog.app.inject({
        method: 'PATCH',
        url: `/products/${product.id}`,
        headers: { ...catalog.admin, 'if-match': '"1"' },
        payload: { name },
      });
    const results = await Promise.all([edit('Horloge murale'), edit('Horloge de table')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    const winner = results.find((r) => r.statusCode === 200)?.json();
    const now = await catalog.app.inject({ method: 'GET', url: `/products/${product.id}` });
    expect(now.json()).toMatchObject({ name: winner.name, version: 2 });
  });

  it('when two products are created with one sku at once, one is created and the other gets 409', async () => {
    const sku = `RACE-${Date.now()}`;
    const create = () =>
      catalog.app.inject({
        method: 'POST',
        url: '/products',
        headers: catalog.admin,
        payload: { sku, name: 'Course', price: { amount: 100, currency: 'CAD' }, categoryId },
      });
    const results = await Promise.all([create(), create()]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });
});
