/**
 * What the back-office and seller browser tests share: a product, a store with a register and
 * stock, and signing in through the app's own form (the sign-in page sends back to `next`).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { eventually } from '../support/platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

export const cad = (amount: number) => ({ amount, currency: 'CAD' });

/** "24,99 $" as fr-CA writes it, whatever space the formatter puts before the sign. */
export const normalise = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

export async function signInAt(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).last().click();
  await page.waitForURL((current) => !current.pathname.startsWith('/sign-in'));
}

export async function newCategory(platform: WebPlatform, tag: string): Promise<string> {
  const category = await platform.call(
    'POST',
    '/catalog/categories',
    { slug: `essais-${tag.toLowerCase()}`, name: `Essais ${tag}` },
    platform.admin,
  );
  expect(category.status).toBe(201);
  return category.body.id;
}

export async function newProduct(
  platform: WebPlatform,
  fields: { sku: string; name: string; cents: number; categoryId: string; sellerId?: string },
): Promise<{ id: string; version: number }> {
  const created = await platform.call(
    'POST',
    '/catalog/products',
    {
      sku: fields.sku,
      name: fields.name,
      description: fields.name,
      price: cad(fields.cents),
      categoryId: fields.categoryId,
      active: true,
      ...(fields.sellerId ? { sellerId: fields.sellerId } : {}),
    },
    platform.admin,
  );
  expect(created.status).toBe(201);
  // Inventory learns the sku from `product.created` before it takes stock of it.
  await eventually(async () =>
    (await platform.call('GET', `/inventory/stock/${fields.sku}`)).status === 200 ? true : undefined,
  );
  return created.body;
}

/** A store with one register, its stock location, and `stock` units of each sku received there. */
export async function newStore(
  platform: WebPlatform,
  tag: string,
  stock: readonly string[],
): Promise<{ storeId: string; registerId: string; locationId: string; name: string }> {
  const name = `Comptoir Essai ${tag}`;
  const store = await platform.call(
    'POST',
    '/stores/stores',
    { code: `ESS-${tag}`, name, district: 'Plateau', type: 'boutique', address: '1, rue du Test, Montréal' },
    platform.admin,
  );
  expect(store.status).toBe(201);
  const register = await platform.call(
    'POST',
    `/stores/stores/${store.body.id}/registers`,
    { name: 'Caisse 1' },
    platform.admin,
  );
  expect(register.status).toBe(201);
  const locationId = await eventually(async () => {
    const found = await platform.call('GET', `/inventory/locations?limit=10&storeId=${store.body.id}`);
    return found.body.items?.[0]?.id as string | undefined;
  });
  if (stock.length > 0) {
    const delivery = await platform.call(
      'POST',
      '/inventory/receipts',
      { locationId, lines: stock.map((sku) => ({ sku, quantity: 10 })) },
      platform.admin,
    );
    expect(delivery.status).toBe(201);
  }
  return { storeId: store.body.id, registerId: register.body.id, locationId, name };
}
