/**
 * Seeds the demo data through the public API (the gateway), once: accounts that exist and a
 * catalog that has products are left alone. Going through the API means the seed exercises the
 * same validation, auth, outbox and cache paths as any client.
 */
import { SeedApi } from './api.ts';
import { categories } from './catalog-data.ts';
import { DEMO_ADMIN, DEMO_PASSWORD, demoUsers } from './users.ts';

export interface SeedResult {
  createdUsers: number;
  products: number;
  categories: number;
}

/** Rounds a derived price to something a shop would print (…,49 or …,99). */
function shelfPrice(cents: number): number {
  const dollars = Math.floor(cents / 100);
  return dollars * 100 + (cents % 100 < 50 ? 49 : 99);
}

async function seedUsers(admin: SeedApi): Promise<number> {
  let created = 0;
  for (const user of demoUsers) {
    const { status } = await admin.call(
      'POST',
      '/identity/users',
      { ...user, roles: [...user.roles], password: DEMO_PASSWORD, emailVerified: true },
      [409],
    );
    if (status === 201) created++;
  }
  return created;
}

async function seedCatalog(admin: SeedApi): Promise<{ products: number; categories: number }> {
  const existing = await admin.call<{ items: unknown[] }>('GET', '/catalog/products?limit=1');
  if (existing.body.items.length > 0) return { products: 0, categories: 0 };
  let products = 0;
  for (const category of categories) {
    const { body } = await admin.call<{ id: string }>('POST', '/catalog/categories', {
      slug: category.slug,
      name: category.name,
    });
    const creates: Promise<unknown>[] = [];
    category.products.forEach(([name, description, cents], p) => {
      category.variants.forEach(([suffix, factor], v) => {
        creates.push(
          admin.call('POST', '/catalog/products', {
            sku: `${category.code}-${String(p + 1).padStart(3, '0')}-${v + 1}`,
            name: `${name} ${suffix}`,
            description,
            price: { amount: shelfPrice(Math.round(cents * factor)), currency: 'CAD' },
            categoryId: body.id,
            active: true,
          }),
        );
      });
    });
    await Promise.all(creates);
    products += creates.length;
  }
  return { products, categories: categories.length };
}

export async function seed(gatewayUrl: string): Promise<SeedResult> {
  const api = new SeedApi(`${gatewayUrl}/api`);
  const session = await api.call<{ accessToken: string }>('POST', '/identity/sessions', {
    email: DEMO_ADMIN.email,
    password: DEMO_PASSWORD,
  });
  const admin = api.withToken(session.body.accessToken);
  const createdUsers = await seedUsers(admin);
  const catalog = await seedCatalog(admin);
  return { createdUsers, ...catalog };
}

/** The lines printed at start so anyone can sign in. */
export function demoAccountLines(): string[] {
  return [
    `  Demo accounts (password ${DEMO_PASSWORD}):`,
    `    ${DEMO_ADMIN.email.padEnd(26)} admin (maison mère)`,
    ...demoUsers.map((u) => `    ${u.email.padEnd(26)} ${u.roles.join(', ')}`),
  ];
}
