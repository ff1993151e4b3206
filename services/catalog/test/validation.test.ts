import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startCatalog, type TestCatalog } from './catalog.fixture.ts';

let catalog: TestCatalog;
let categoryId: string;

beforeAll(async () => {
  catalog = await startCatalog();
  categoryId = (await catalog.category()).id;
}, START_TIMEOUT_MS);
afterAll(() => catalog?.close());

const valid = () => ({
  sku: `VAL-${Math.random().toString(36).slice(2, 10)}`,
  name: 'Café moulu',
  price: { amount: 1299, currency: 'CAD' },
  categoryId,
});

async function post(payload: unknown) {
  const response = await catalog.app.inject({
    method: 'POST',
    url: '/products',
    headers: catalog.admin,
    payload: payload as object,
  });
  return { status: response.statusCode, type: response.headers['content-type'], body: response.json() };
}

describe('a product that breaks a rule is refused with a problem naming the field', () => {
  it.each([
    ['a price with decimals', { price: { amount: 19.99, currency: 'CAD' } }, '/body/price/amount'],
    ['a negative price', { price: { amount: -1, currency: 'CAD' } }, '/body/price/amount'],
    ['a lower-case currency', { price: { amount: 100, currency: 'cad' } }, '/body/price/currency'],
    ['a price given as text', { price: { amount: '100', currency: 'CAD' } }, '/body/price/amount'],
    ['an unknown field', { colour: 'red' }, '/body/colour'],
    ['an unknown field in the price', { price: { amount: 1, currency: 'CAD', tax: 0 } }, '/body/price/tax'],
    ['a blank name', { name: '   ' }, '/body/name'],
    ['a malformed category id', { categoryId: 'chairs' }, '/body/categoryId'],
  ])('%s → 400', async (_case, change, pointer) => {
    const { status, type, body } = await post({ ...valid(), ...change });
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it('a missing field → 400', async () => {
    const { sku: _sku, ...withoutSku } = valid();
    const { status, body } = await post(withoutSku);
    expect(status).toBe(400);
    expect(body.errors).toContainEqual(expect.objectContaining({ pointer: '/body/sku' }));
  });

  it('a sku another product has (in any case) → 409 CATALOG_SKU_TAKEN', async () => {
    const first = valid();
    expect((await post(first)).status).toBe(201);
    const { status, body } = await post({ ...valid(), sku: first.sku.toLowerCase() });
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'CATALOG_SKU_TAKEN', errors: [{ pointer: '/body/sku' }] });
  });

  it('an edit to a sku another product has → 409', async () => {
    const a = await catalog.product(categoryId);
    const b = await catalog.product(categoryId);
    const response = await catalog.app.inject({
      method: 'PATCH',
      url: `/products/${b.id}`,
      headers: catalog.admin,
      payload: { sku: a.sku },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CATALOG_SKU_TAKEN' });
  });

  it('a category that does not exist → 422 CATALOG_CATEGORY_UNKNOWN', async () => {
    const { status, body } = await post({ ...valid(), categoryId: 'cat_01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(status).toBe(422);
    expect(body).toMatchObject({
      code: 'CATALOG_CATEGORY_UNKNOWN',
      errors: [{ pointer: '/body/categoryId' }],
    });
  });

  it('an empty edit → 400', async () => {
    const product = await catalog.product(categoryId);
    const response = await catalog.app.inject({
      method: 'PATCH',
      url: `/products/${product.id}`,
      headers: catalog.admin,
      payload: {},
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.length).toBeGreaterThan(0);
  });

  it('a list query out of bounds → 400', async () => {
    for (const query of [
      'limit=0',
      'limit=101',
      'minPrice=-5',
      'active=maybe',
      'colour=red',
      'minPrice=500&maxPrice=100',
    ]) {
      const response = await catalog.app.inject({ method: 'GET', url: `/products?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors.length, query).toBeGreaterThan(0);
    }
  });
});
