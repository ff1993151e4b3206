/**
 * A seller in the browser: lists a new product (catalog puts it under the seller), changes its
 * price, sees the online order that contains it among their sales, and marks it shipped with a
 * tracking number — the order then says so. Screenshots of every seller screen; axe-core finds
 * no serious or critical violation.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { eventually, PASSWORD } from '../support/platform.ts';
import { cad, newCategory, signInAt } from './admin-world.ts';
import { describeInBrowser, launchBrowser, openPage } from './support/browser.ts';
import { expectAccessible, screenshot } from './support/evidence.ts';
import { startWebPlatform, type WebPlatform } from './support/web-platform.ts';

const TEST = 'seller';
const tag = Date.now().toString(36).toUpperCase();
const VASE = `VAS-${tag}`;
const address = {
  name: 'Client Essai',
  line1: '1234, rue Rachel Est',
  city: 'Montréal',
  region: 'QC',
  postalCode: 'H2J 2J3',
  country: 'CA',
};

describeInBrowser('a seller', () => {
  let platform: WebPlatform;
  let browser: Browser;
  let page: Page;
  let seller: { email: string; id: string };
  let categoryName: string;

  beforeAll(async () => {
    platform = await startWebPlatform();
    await newCategory(platform, tag);
    categoryName = `Essais ${tag}`;
    seller = await platform.person(['seller']);
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

  it('starts with no product and no sale, and says so', async () => {
    await signInAt(page, `${platform.origin}/seller`, seller.email, PASSWORD);
    await page.getByText('Vous n’avez encore aucun produit.').waitFor();
    await screenshot(page, TEST, '01-no-products');
    await expectAccessible(page, 'seller products (empty)');
    await page.getByRole('link', { name: 'Mes ventes' }).click();
    await page.getByText('Aucune commande en ligne ne contient encore vos produits.').waitFor();
    await screenshot(page, TEST, '02-no-sales');
  });

  it('lists a new product, then changes its price twice', { timeout: 90_000 }, async () => {
    await page.goto(`${platform.origin}/seller/products/new`);
    await page.getByLabel('SKU').fill(VASE);
    await page.getByLabel('Nom').fill(`Vase ${tag}`);
    await page.getByLabel('Description').fill('Grès émaillé, fait à Québec');
    await page.getByLabel('Prix').fill('35,00');
    await page.getByLabel('Catégorie').selectOption({ label: categoryName });
    await screenshot(page, TEST, '03-new-product');
    await expectAccessible(page, 'seller new product');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { name: `Modifier le produit ${VASE}` }).waitFor();

    await page.getByLabel('Prix').fill('33,00');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText(`Produit « Vase ${tag} » enregistré.`).waitFor();
    // A second save in a row is made on the version the first one left.
    await page.getByLabel('Prix').fill('32,50');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect
      .poll(
        async () =>
          (await platform.call('GET', `/catalog/products?limit=5&sku=${VASE}`)).body.items[0]?.version,
      )
      .toBe(3);
    const found = await platform.call('GET', `/catalog/products?limit=5&sku=${VASE}`);
    expect(found.body.items[0]).toMatchObject({ sellerId: seller.id, price: cad(3250) });

    await page
      .getByRole('navigation', { name: 'Espace vendeur' })
      .getByRole('link', { name: 'Mes produits' })
      .click();
    await page.getByRole('link', { name: `Vase ${tag}` }).waitFor();
    await screenshot(page, TEST, '04-products');
    await expectAccessible(page, 'seller products');
  });

  it('sees the online order containing it and marks it shipped with a tracking number', {
    timeout: 180_000,
  }, async () => {
    await eventually(async () =>
      (await platform.call('GET', `/inventory/stock/${VASE}`)).status === 200 ? true : undefined,
    );
    const receipt = await platform.call(
      'POST',
      '/inventory/receipts',
      { locationId: 'loc_online', lines: [{ sku: VASE, quantity: 5 }] },
      platform.admin,
    );
    expect(receipt.status).toBe(201);
    const customer = await platform.person(['customer']);
    const placed = await platform.call(
      'POST',
      '/ordering/orders',
      {
        lines: [{ sku: VASE, quantity: 2 }],
        shippingAddress: address,
        payment: {
          method: 'card',
          card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' },
        },
      },
      customer.token,
      { 'idempotency-key': `seller-${tag}` },
    );
    expect(placed.status).toBe(202);
    const orderId: string = placed.body.orderId;
    const settled = await eventually(async () => {
      const order = await platform.call('GET', `/ordering/orders/${orderId}`, undefined, customer.token);
      return order.body?.status && order.body.status !== 'pending' ? order.body.status : undefined;
    });
    expect(settled).toBe('confirmed');

    await page.goto(`${platform.origin}/seller/sales`);
    const sale = page.getByTestId(`sale-${orderId}`);
    await sale.getByTestId('sale-status').waitFor();
    expect(await sale.getByTestId('sale-status').textContent()).toBe('confirmée');
    await sale.getByLabel('Numéro de suivi').fill(`CP${tag}`);
    await screenshot(page, TEST, '05-sales');
    await expectAccessible(page, 'seller sales');
    await sale.getByRole('button', { name: 'Marquer comme expédiée' }).click();
    await expect.poll(() => sale.getByTestId('sale-status').textContent()).toBe('expédiée');
    await screenshot(page, TEST, '06-shipped');

    const order = await platform.call('GET', `/ordering/orders/${orderId}`, undefined, customer.token);
    expect(order.body.status).toBe('shipped');
    expect(order.body.shipments[0]).toMatchObject({ trackingNumber: `CP${tag}` });
  });
});
