/**
 * Seeds the demo data through the public API (the gateway), once: accounts that exist, a catalog
 * that has products and stores that exist are left alone. Going through the API means the seed
 * exercises the same validation, auth, outbox and cache paths as any client.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SeedApi } from './api.ts';
import { categories } from './catalog-data.ts';
import { demoStores, ONLINE_QUANTITY, REGISTER_NAMES, shelfQuantity } from './stores-data.ts';
import { DEMO_ADMIN, DEMO_PASSWORD, demoUsers } from './users.ts';

export interface SeedResult {
  createdUsers: number;
  products: number;
  categories: number;
  stores: number;
}

interface Page<T> {
  items: T[];
}

/** Rounds a derived price to something a shop would print (…,49 or …,99). */
function shelfPrice(cents: number): number {
  const dollars = Math.floor(cents / 100);
  return dollars * 100 + (cents % 100 < 50 ? 49 : 99);
}

/** Every sku the seed's catalog has, derived from the data as the products are. */
function demoSkus(): string[] {
  return categories.flatMap((category) =>
    category.products.flatMap((_, p) =>
      category.variants.map((__, v) => `${category.code}-${String(p + 1).padStart(3, '0')}-${v + 1}`),
    ),
  );
}

type Person = { email: string; displayName: string; roles: string[]; storeIds?: string[] };

async function seedUsers(admin: SeedApi, people: Person[]): Promise<number> {
  let created = 0;
  for (const user of people) {
    const { status } = await admin.call(
      'POST',
      '/identity/users',
      { ...user, password: DEMO_PASSWORD, emailVerified: true },
      [409],
    );
    if (status === 201) created++;
  }
  return created;
}

async function seedCatalog(admin: SeedApi): Promise<{ products: number; categories: number }> {
  const existing = await admin.call<Page<unknown>>('GET', '/catalog/products?limit=1');
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

/** Inventory learns skus from `product.created` and a store's location from `store.created`: wait for both. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`seed: ${what} did not appear within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** A delivery of every sku at a location; retried while inventory is still learning skus from the catalog. */
async function stockLocation(admin: SeedApi, locationId: string, quantity: (sku: string) => number) {
  const lines = demoSkus().map((sku) => ({ sku, quantity: quantity(sku) }));
  await waitFor(`stock at ${locationId}`, async () => {
    const { status } = await admin.call(
      'POST',
      '/inventory/receipts',
      { locationId, lines, reference: 'SEED' },
      [422],
    );
    return status === 201 ? true : undefined;
  });
}

/** The chain: stores (inventory makes a location for each), their registers, staff and shelves. */
async function seedStores(admin: SeedApi): Promise<{ stores: number; people: Person[] }> {
  const existing = await admin.call<Page<{ id: string; code: string }>>('GET', '/stores/stores?limit=100');
  const byCode = new Map(existing.body.items.map((store) => [store.code, store.id]));
  const people: Person[] = [];
  let created = 0;
  for (const store of demoStores) {
    let storeId = byCode.get(store.code);
    if (!storeId) {
      const { body } = await admin.call<{ id: string }>('POST', '/stores/stores', {
        code: store.code,
        name: store.name,
        district: store.district,
        type: 'boutique',
        address: store.address,
      });
      storeId = body.id;
      for (const name of REGISTER_NAMES)
        await admin.call('POST', `/stores/stores/${storeId}/registers`, { name });
      if (store.offlineCardLimit !== null) {
        await admin.call('PUT', `/stores/stores/${storeId}/offline-card-policy`, {
          enabled: true,
          perSaleLimit: { amount: store.offlineCardLimit, currency: 'CAD' },
        });
      }
      const location = await waitFor(`the location of ${store.code}`, async () => {
        const { body: page } = await admin.call<Page<{ id: string }>>(
          'GET',
          `/inventory/locations?storeId=${storeId}`,
        );
        return page.items[0];
      });
      await stockLocation(admin, location.id, (sku) => shelfQuantity(sku, store.code));
      created++;
    }
    people.push(
      {
        email: store.staff.cashier,
        displayName: store.people.cashier,
        roles: ['cashier'],
        storeIds: [storeId],
      },
      {
        email: store.staff.manager,
        displayName: store.people.manager,
        roles: ['store_manager'],
        storeIds: [storeId],
      },
    );
  }
  if (created > 0) await stockLocation(admin, 'loc_online', () => ONLINE_QUANTITY);
  return { stores: created, people };
}

export async function seed(gatewayUrl: string): Promise<SeedResult> {
  const api = new SeedApi(`${gatewayUrl}/api`);
  const session = await api.call<{ accessToken: string }>('POST', '/identity/sessions', {
    email: DEMO_ADMIN.email,
    password: DEMO_PASSWORD,
  });
  const admin = api.withToken(session.body.accessToken);
  const catalog = await seedCatalog(admin);
  const chain = await seedStores(admin);
  const createdUsers = await seedUsers(admin, [
    ...demoUsers.map((user) => ({ ...user, roles: [...user.roles] })),
    ...chain.people,
  ]);
  return { createdUsers, ...catalog, stores: chain.stores };
}

/** The lines printed at start so anyone can sign in. */
export function demoAccountLines(): string[] {
  return [
    `  Demo accounts (password ${DEMO_PASSWORD}):`,
    `    ${DEMO_ADMIN.email.padEnd(32)} admin (maison mère)`,
    ...demoUsers.map((u) => `    ${u.email.padEnd(32)} ${u.roles.join(', ')}`),
    ...demoStores.flatMap((store) => [
      `    ${store.staff.cashier.padEnd(32)} cashier at ${store.name}`,
      `    ${store.staff.manager.padEnd(32)} store manager at ${store.name}`,
    ]),
  ];
}
