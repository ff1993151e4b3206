import type { Product } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startCatalog, type TestCatalog } from './catalog.fixture.ts';

let catalog: TestCatalog;
let furniture: string;
let grocery: string;

beforeAll(async () => {
  catalog = await startCatalog();
  furniture = (await catalog.category('mobilier', 'Mobilier')).id;
  grocery = (await catalog.category('epicerie', 'Épicerie')).id;
  await catalog.product(furniture, {
    name: 'Chaise pliante',
    description: 'Hêtre massif',
    price: { amount: 4999, currency: 'CAD' },
  });
  await catalog.product(furniture, {
    name: 'Chaises de jardin (lot de 2)',
    price: { amount: 8999, currency: 'CAD' },
  });
  await catalog.product(furniture, { name: 'Wooden chair', description: 'Oak', sellerId: 'usr_seller1' });
  await catalog.product(furniture, { name: 'Table basse', active: false });
  await catalog.product(grocery, {
    name: 'Café moulu',
    description: 'Arabica du Honduras',
    price: { amount: 1299, currency: 'CAD' },
  });
  await catalog.product(grocery, { name: 'Thé vert', description: 'Parfait avec un CAFÉ? Non.' });
}, START_TIMEOUT_MS);
afterAll(() => catalog?.close());

async function search(query: string): Promise<{ items: Product[]; nextCursor: string | null }> {
  const response = await catalog.app.inject({ method: 'GET', url: `/products?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const names = (page: { items: Product[] }) => page.items.map((p) => p.name);

describe('search ignores accents and case, in French and English', () => {
  it('"chaise" finds "Chaise pliante" (and the plural "Chaises")', async () => {
    const found = names(await search('q=chaise'));
    expect(found).toContain('Chaise pliante');
    expect(found).toContain('Chaises de jardin (lot de 2)');
    expect(found).not.toContain('Table basse');
  });

  it('"cafe", "Café" and "CAFÉ" all find "Café moulu", best match first', async () => {
    for (const q of ['cafe', 'Caf%C3%A9', 'CAF%C3%89']) {
      const found = names(await search(`q=${q}`));
      expect(found[0], q).toBe('Café moulu');
    }
  });

  it('the last word is a prefix: "chai" finds the chairs', async () => {
    expect(names(await search('q=chai'))).toEqual(
      expect.arrayContaining(['Chaise pliante', 'Chaises de jardin (lot de 2)', 'Wooden chair']),
    );
    expect(names(await search('q=chaise%20pli'))).toEqual(['Chaise pliante']);
  });

  it('English words find English names through their stem: "chairs" finds "Wooden chair"', async () => {
    expect(names(await search('q=chairs'))).toContain('Wooden chair');
  });

  it('a search with no match is an empty page, and punctuation alone is no search', async () => {
    expect(await search('q=trampoline')).toEqual({ items: [], nextCursor: null });
    expect((await search('q=%26%7C!%3A*')).items.length).toBe(6);
  });
});

describe('filters', () => {
  it('by category id or slug, seller, active and price range', async () => {
    expect(names(await search('category=epicerie')).sort()).toEqual(['Café moulu', 'Thé vert']);
    expect(names(await search(`category=${grocery}`)).length).toBe(2);
    expect(names(await search('sellerId=usr_seller1'))).toEqual(['Wooden chair']);
    expect(names(await search('active=false'))).toEqual(['Table basse']);
    expect(names(await search('minPrice=4000&maxPrice=9000')).sort()).toEqual([
      'Chaise pliante',
      'Chaises de jardin (lot de 2)',
    ]);
    expect(names(await search('q=chaise&maxPrice=5000'))).toEqual(['Chaise pliante']);
    expect(names(await search('category=nowhere'))).toEqual([]);
  });

  it('by exact sku, ignoring case: the one product, or an empty page', async () => {
    const coffee = await catalog.product(grocery, { sku: 'CAF-MOU-250', name: 'Café moulu 250 g' });
    expect((await search('sku=CAF-MOU-250')).items.map((p) => p.id)).toEqual([coffee.id]);
    expect((await search('sku=caf-mou-250')).items.map((p) => p.id)).toEqual([coffee.id]);
    expect((await search('sku=CAF-MOU')).items).toEqual([]);
    const refused = await catalog.app.inject({ method: 'GET', url: '/products?sku=%20CAF' });
    expect(refused.statusCode).toBe(400);
    await catalog.app.inject({ method: 'DELETE', url: `/products/${coffee.id}`, headers: catalog.admin });
    expect((await search('sku=CAF-MOU-250')).items).toEqual([]);
  });
});

describe('pagination', () => {
  async function walk(query: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  it('walks every product exactly once, in creation order', async () => {
    const all = (await search('limit=100')).items.map((p) => p.id);
    expect(all.length).toBe(6);
    expect([...all].sort()).toEqual(all);
    for (const limit of [1, 2, 4, 6]) expect(await walk('', limit)).toEqual(all);
  });

  it('walks every search result exactly once, in relevance order', async () => {
    const all = (await search('q=chai&limit=100')).items.map((p) => p.id);
    expect(all.length).toBe(3);
    expect(await walk('q=chai', 1)).toEqual(all);
  });

  it('a tampered or malformed cursor is a 400 problem, never a 500', async () => {
    const first = await search('limit=1');
    const cursor = first.nextCursor ?? '';
    const decoded = Buffer.from(cursor, 'base64url').toString();
    const tampered = [
      'not a cursor',
      '%%%',
      `${cursor}x`,
      Buffer.from(decoded.replace('prod_', "prod_'; drop table product;--")).toString('base64url'),
      Buffer.from('{"id":1}').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('{"rank":-1,"id":"prod_01ARZ3NDEKTSV4RRFFQ69G5FAV"}').toString('base64url'),
    ];
    for (const bad of tampered) {
      const response = await catalog.app.inject({
        method: 'GET',
        url: `/products?cursor=${encodeURIComponent(bad)}`,
      });
      expect(response.statusCode, bad).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.length).toBeGreaterThan(0);
    }
    // A cursor from a plain list does not fit a search, and the other way round.
    const searched = await search('q=chai&limit=1');
    expect(
      (await catalog.app.inject({ method: 'GET', url: `/products?q=chai&cursor=${cursor}` })).statusCode,
    ).toBe(400);
    expect(
      (await catalog.app.inject({ method: 'GET', url: `/products?cursor=${searched.nextCursor}` }))
        .statusCode,
    ).toBe(400);
  });
});
