import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startCatalog, type TestCatalog } from './catalog.fixture.ts';

let catalog: TestCatalog;

beforeAll(async () => {
  catalog = await startCatalog();
}, START_TIMEOUT_MS);
afterAll(() => catalog?.close());

describe('categories', () => {
  it('a created category can be read by id or by slug, renamed, and listed', async () => {
    const created = await catalog.category('cuisine', 'Cuisine');
    expect(created.id).toMatch(/^cat_[0-9A-Z]{26}$/);
    const bySlug = await catalog.app.inject({ method: 'GET', url: '/categories/cuisine' });
    expect(bySlug.json()).toEqual(created);

    const renamed = await catalog.app.inject({
      method: 'PATCH',
      url: `/categories/${created.id}`,
      headers: catalog.admin,
      payload: { name: 'Cuisine et table' },
    });
    expect(renamed.json()).toMatchObject({ slug: 'cuisine', name: 'Cuisine et table' });

    const list = await catalog.app.inject({ method: 'GET', url: '/categories' });
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(created.id);
  });

  it('pages through categories with a cursor', async () => {
    for (const slug of ['a-1', 'a-2', 'a-3']) await catalog.category(slug);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { slug: string }[]; nextCursor: string | null } = (
        await catalog.app.inject({
          method: 'GET',
          url: `/categories?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        })
      ).json();
      seen.push(...page.items.map((c: { slug: string }) => c.slug));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['a-1', 'a-2', 'a-3']));
  });

  it('a slug that is taken → 409 CATALOG_SLUG_TAKEN; a malformed one → 400', async () => {
    await catalog.category('salon');
    const taken = await catalog.app.inject({
      method: 'POST',
      url: '/categories',
      headers: catalog.admin,
      payload: { slug: 'salon', name: 'x' },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'CATALOG_SLUG_TAKEN', errors: [{ pointer: '/body/slug' }] });
    const bad = await catalog.app.inject({
      method: 'POST',
      url: '/categories',
      headers: catalog.admin,
      payload: { slug: 'Salon Bleu', name: 'x' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('a category with products cannot be deleted; an empty one can', async () => {
    const used = await catalog.category('bureau');
    await catalog.product(used.id);
    const refused = await catalog.app.inject({
      method: 'DELETE',
      url: `/categories/${used.id}`,
      headers: catalog.admin,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CATALOG_CATEGORY_IN_USE' });

    const empty = await catalog.category('vide');
    expect(
      (await catalog.app.inject({ method: 'DELETE', url: `/categories/${empty.id}`, headers: catalog.admin }))
        .statusCode,
    ).toBe(204);
    expect((await catalog.app.inject({ method: 'GET', url: `/categories/${empty.id}` })).statusCode).toBe(
      404,
    );
  });
});
