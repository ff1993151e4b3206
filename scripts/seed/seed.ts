/**
 * Seeds the demo data through the public API (the gateway), once: when the catalog already has
 * products, nothing is written. Going through the API means the seed exercises the same
 * validation, outbox and cache paths as any client.
 */
import { categories } from './catalog-data.ts';

export interface SeedResult {
  created: boolean;
  categories: number;
  products: number;
}

async function call<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Rounds a derived price to something a shop would print (…,49 or …,99). */
function shelfPrice(cents: number): number {
  const dollars = Math.floor(cents / 100);
  return dollars * 100 + (cents % 100 < 50 ? 49 : 99);
}

export async function seed(gatewayUrl: string): Promise<SeedResult> {
  const api = `${gatewayUrl}/api/catalog`;
  const existing = await call<{ items: unknown[] }>(api, 'GET', '/products?limit=1');
  if (existing.items.length > 0) return { created: false, categories: 0, products: 0 };

  let products = 0;
  for (const category of categories) {
    const { id: categoryId } = await call<{ id: string }>(api, 'POST', '/categories', {
      slug: category.slug,
      name: category.name,
    });
    const creates: Promise<unknown>[] = [];
    category.products.forEach(([name, description, cents], p) => {
      category.variants.forEach(([suffix, factor], v) => {
        creates.push(
          call(api, 'POST', '/products', {
            sku: `${category.code}-${String(p + 1).padStart(3, '0')}-${v + 1}`,
            name: `${name} ${suffix}`,
            description,
            price: { amount: shelfPrice(Math.round(cents * factor)), currency: 'CAD' },
            categoryId,
            active: true,
          }),
        );
      });
    });
    await Promise.all(creates);
    products += creates.length;
  }
  return { created: true, categories: categories.length, products };
}
