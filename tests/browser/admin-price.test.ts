/**
 * Head office changes a product's price in the back office, and a cashier scanning it at the
 * register (the POS screen) sees the new price in the basket. Two admins editing the same
 * product: the second is shown the conflict (both versions) instead of silently overwriting the
 * first, and chooses.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ADMIN, PASSWORD } from '../support/platform.ts';
import { cad, newCategory, newProduct, newStore, normalise, signInAt } from './admin-world.ts';
import { describeInBrowser, launchBrowser, openPage } from './support/browser.ts';
import { expectAccessible, screenshot } from './support/evidence.ts';
import { startWebPlatform, type WebPlatform } from './support/web-platform.ts';

const TEST = 'admin-price';
const tag = Date.now().toString(36).toUpperCase();
const KETTLE = `BOU-${tag}`;
const MUG = `TAS-${tag}`;

describeInBrowser('head office edits prices in the back office', () => {
  let platform: WebPlatform;
  let browser: Browser;
  let page: Page;
  let kettle: { id: string };
  let mug: { id: string };
  let store: Awaited<ReturnType<typeof newStore>>;

  beforeAll(async () => {
    platform = await startWebPlatform();
    const categoryId = await newCategory(platform, tag);
    kettle = await newProduct(platform, { sku: KETTLE, name: `Bouilloire ${tag}`, cents: 1999, categoryId });
    mug = await newProduct(platform, { sku: MUG, name: `Tasse ${tag}`, cents: 899, categoryId });
    store = await newStore(platform, tag, [KETTLE, MUG]);
    browser = await launchBrowser();
    page = await openPage(browser);
  }, 420_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page)
      await screenshot(page, TEST, `failed-${context.task.name}`);
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('head office finds the product and changes its price from 19,99 $ to 24,99 $', async () => {
    await signInAt(page, `${platform.origin}/admin/products?q=${KETTLE}`, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Produits' }).waitFor();
    await page.getByRole('link', { name: `Bouilloire ${tag}` }).waitFor();
    await screenshot(page, TEST, '01-products');
    await expectAccessible(page, 'admin products');

    await page.getByRole('link', { name: `Bouilloire ${tag}` }).click();
    await page.getByRole('heading', { name: `Modifier le produit ${KETTLE}` }).waitFor();
    expect(await page.getByLabel('Prix (CAD)').inputValue()).toBe('19,99');
    await page.getByLabel('Prix (CAD)').fill('24,99');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Enregistré (version 2).').waitFor();
    await screenshot(page, TEST, '02-product-saved');
    await expectAccessible(page, 'admin product edit');

    const saved = await platform.call('GET', `/catalog/products/${kettle.id}`);
    expect(saved.body.price).toEqual(cad(2499));
  });

  it('a cashier at the register scans that product and the basket shows the new price', async () => {
    const cashier = await platform.person(['cashier'], [store.storeId]);
    const till = await openPage(browser);
    try {
      await till.goto(`${platform.origin}/pos`);
      await till.getByLabel('Courriel').fill(cashier.email);
      await till.getByLabel('Mot de passe').fill(PASSWORD);
      await till.keyboard.press('Enter');
      await till.getByRole('heading', { name: 'Choisir le magasin et la caisse' }).waitFor();
      await till.getByLabel('Caisse', { exact: true }).selectOption({ label: 'Caisse 1' });
      await till.getByRole('button', { name: 'Utiliser cette caisse' }).click();
      await till.getByRole('heading', { name: 'Ouvrir la session de caisse' }).waitFor();
      await till.keyboard.type('100,00');
      await till.keyboard.press('Enter');
      await till.getByLabel('Code-barres, SKU ou recherche').waitFor();
      await till.keyboard.type(KETTLE);
      await till.keyboard.press('Enter');
      await till.getByRole('spinbutton', { name: `Quantité de Bouilloire ${tag}` }).waitFor();
      const line = till.getByRole('row', { name: new RegExp(`Bouilloire ${tag}`) });
      expect(normalise(await line.textContent())).toContain('24,99 $');
      expect(normalise(await line.textContent())).not.toContain('19,99 $');
      await screenshot(till, TEST, '03-register-basket');
    } finally {
      await till.context().close();
    }
  });

  it('two admins edit the same product: the second sees both versions, reloads, and nothing is lost', async () => {
    const second = await openPage(browser);
    try {
      // Both open the mug at version 1.
      await page.goto(`${platform.origin}/admin/products/${mug.id}`);
      await page.getByText('Version lue : 1').waitFor();
      await signInAt(second, `${platform.origin}/admin/products/${mug.id}`, ADMIN.email, ADMIN.password);
      await second.getByText('Version lue : 1').waitFor();

      // The first saves a new price.
      await page.getByLabel('Prix (CAD)').fill('9,49');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Enregistré (version 2).').waitFor();

      // The second, still on version 1, renames it: catalog refuses, the screen shows the conflict.
      await second.getByLabel('Nom').fill(`Grande tasse ${tag}`);
      await second.getByRole('button', { name: 'Enregistrer' }).click();
      await second.getByRole('heading', { name: 'Ce produit a été modifié par quelqu’un d’autre' }).waitFor();
      expect(normalise(await second.getByTestId('theirs-price').textContent())).toBe('9,49 $');
      expect(await second.getByTestId('theirs-name').textContent()).toBe(`Tasse ${tag}`);
      await screenshot(second, TEST, '04-conflict');
      await expectAccessible(second, 'admin product conflict');
      let product = await platform.call('GET', `/catalog/products/${mug.id}`);
      expect(product.body).toMatchObject({ name: `Tasse ${tag}`, price: cad(949), version: 2 });

      // Reload: the second now edits version 2, with the first's price, and renames again.
      await second.getByRole('button', { name: /Recharger la version actuelle/ }).click();
      expect(await second.getByLabel('Prix (CAD)').inputValue()).toBe('9,49');
      await second.getByLabel('Nom').fill(`Grande tasse ${tag}`);
      await second.getByRole('button', { name: 'Enregistrer' }).click();
      await second.getByText('Enregistré (version 3).').waitFor();
      product = await platform.call('GET', `/catalog/products/${mug.id}`);
      expect(product.body).toMatchObject({ name: `Grande tasse ${tag}`, price: cad(949), version: 3 });
    } finally {
      await second.context().close();
    }
  });

  it('an admin who chooses to overwrite replaces the other version knowingly', async () => {
    // The first tab still holds version 2 of the mug; the second admin saved version 3.
    await page.getByLabel('Prix (CAD)').fill('12,00');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { name: 'Ce produit a été modifié par quelqu’un d’autre' }).waitFor();
    expect(await page.getByTestId('theirs-name').textContent()).toBe(`Grande tasse ${tag}`);
    await page.getByRole('button', { name: 'Écraser avec mes modifications' }).click();
    await page.getByText('Enregistré (version 4).').waitFor();
    const product = await platform.call('GET', `/catalog/products/${mug.id}`);
    expect(product.body).toMatchObject({ name: `Tasse ${tag}`, price: cad(1200), version: 4 });
  });
});
