/**
 * The online shop through a real browser, served by the gateway: a visitor browses a category,
 * searches, opens a product and fills a cart; signs up, verifies the address by the emailed link,
 * signs in and finds that cart merged; sees a price the head office changed before paying;
 * pays with the approving card and follows the order live — confirmed, then shipped and
 * delivered by head office through the API — without reloading the page. A declined card
 * ends in a cancelled order that says why. A backend that stops answering is shown as such.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from '../support/platform.ts';
import { describeInBrowser, launchBrowser, openPage } from './support/browser.ts';
import { expectAccessible, screenshot } from './support/evidence.ts';
import { startWebPlatform, type WebPlatform } from './support/web-platform.ts';

const TEST = 'customer';
/** A step of the journey waits on the saga and the bus: room for a loaded two-core CI machine. */
const JOURNEY_STEP_MS = 120_000;
const tag = Date.now().toString(36).toUpperCase();
const cad = (amount: number) => ({ amount, currency: 'CAD' });
const lamp = { sku: `LMP-SHOP-${tag}`, name: `Lampe de bureau ${tag}`, id: '' };
const lighting = { slug: `luminaires-${tag.toLowerCase()}`, name: `Luminaires ${tag}` };
const customer = {
  name: 'Jeanne Tremblay',
  email: `jeanne.shop.${tag.toLowerCase()}@example.test`,
  password: 'un-mot-de-passe-solide-42',
};
/** A price in the page, whatever space the locale puts before the dollar sign. */
const price = (text: string) => new RegExp(text.replace(' $', '\\s\\$'));

describeInBrowser('a customer shops online', () => {
  let platform: WebPlatform;
  let browser: Browser;
  let page: Page;
  let orderId = '';

  async function seed(): Promise<void> {
    const { call, admin } = platform;
    const category = await call('POST', '/catalog/categories', lighting, admin);
    expect(category.status).toBe(201);
    const chairs = await call(
      'POST',
      '/catalog/categories',
      { slug: `chaises-${tag.toLowerCase()}`, name: `Chaises ${tag}` },
      admin,
    );
    const products = [
      { sku: lamp.sku, name: lamp.name, price: cad(3999), categoryId: category.body.id },
      { sku: `LMP-SOL-${tag}`, name: `Lampadaire ${tag}`, price: cad(12900), categoryId: category.body.id },
      { sku: `CHR-PLI-${tag}`, name: `Chaise pliante ${tag}`, price: cad(2450), categoryId: chairs.body.id },
    ];
    for (const product of products) {
      const created = await call(
        'POST',
        '/catalog/products',
        { ...product, description: 'Pour le bureau.', active: true },
        admin,
      );
      expect(created.status).toBe(201);
      if (product.sku === lamp.sku) lamp.id = created.body.id;
    }
    await eventually(async () =>
      (await call('GET', `/inventory/stock/${lamp.sku}`)).status === 200 ? true : undefined,
    );
    const received = await call(
      'POST',
      '/inventory/receipts',
      { locationId: 'loc_online', lines: [{ sku: lamp.sku, quantity: 5 }] },
      admin,
    );
    expect(received.status).toBe(201);
  }

  /** The verification link's token, read from the dev mailbox as a tester would. */
  async function verificationToken(): Promise<string> {
    const summary = await eventually(async () => {
      const mailbox = await platform.call(
        'GET',
        `/notifications/mailbox?to=${encodeURIComponent(customer.email)}`,
      );
      return mailbox.body?.items?.[0];
    });
    const message = await platform.call('GET', `/notifications/mailbox/${summary.id}`);
    const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(message.body.text)?.[1];
    expect(token).toBeTruthy();
    return token as string;
  }

  beforeAll(async () => {
    platform = await startWebPlatform();
    await seed();
    browser = await launchBrowser();
    page = await openPage(browser);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it(
    'a visitor browses a category, searches, opens a product and fills a cart',
    async () => {
      await page.goto(`${platform.origin}/`);
      await page.getByRole('link', { name: lighting.name }).waitFor();
      await screenshot(page, TEST, '01-catalog');
      await expectAccessible(page, 'catalog');

      await page.getByRole('link', { name: lighting.name }).click();
      await page.getByRole('heading', { name: lighting.name }).waitFor();
      await page.getByRole('link', { name: `Lampadaire ${tag}` }).waitFor();
      expect(await page.getByRole('link', { name: `Chaise pliante ${tag}` }).count()).toBe(0);
      await screenshot(page, TEST, '02-category');

      await page.getByLabel('Rechercher un produit').fill(`lampe ${tag}`);
      await page.getByLabel('Rechercher un produit').press('Enter');
      await page.getByRole('heading', { name: `Résultats pour « lampe ${tag} »` }).waitFor();
      await screenshot(page, TEST, '03-search');
      await expectAccessible(page, 'search results');

      await page.getByRole('link', { name: lamp.name }).click();
      await page.getByRole('heading', { name: lamp.name }).waitFor();
      await page.getByText('En stock en ligne : 5 disponibles').waitFor();
      expect(await page.getByText(price('39,99 $')).count()).toBeGreaterThan(0);
      await screenshot(page, TEST, '04-product');
      await expectAccessible(page, 'product');

      await page.getByLabel('Quantité').fill('2');
      await page.getByRole('button', { name: 'Ajouter au panier' }).click();
      await page.getByText('Ajouté au panier.').waitFor();
      await page
        .getByRole('navigation', { name: 'Boutique' })
        .getByRole('link', { name: /Panier/ })
        .click();
      await page.getByRole('heading', { name: 'Panier' }).waitFor();
      // 2 × 39,99 = 79,98; TPS 4,00; TVQ 7,98 → 91,96, as cart computed it.
      await page.getByRole('row', { name: /Total\s+91,96/ }).waitFor();
      await page.getByText('TPS').waitFor();
      await page.getByText('TVQ').waitFor();
      // A quantity changed in the cart: 3 × 39,99 = 119,97; TPS 6,00; TVQ 11,97 → 137,94; then back.
      const quantity = page.getByLabel(`Quantité de ${lamp.name}`);
      await quantity.fill('3');
      await quantity.press('Enter');
      await page.getByRole('row', { name: /Total\s+137,94/ }).waitFor();
      await quantity.fill('2');
      await quantity.press('Enter');
      await page.getByRole('row', { name: /Total\s+91,96/ }).waitFor();
      await screenshot(page, TEST, '05-cart-visitor');
      await expectAccessible(page, 'cart');
    },
    JOURNEY_STEP_MS,
  );

  it(
    'signs up, verifies the address from the emailed link, signs in and finds the cart merged',
    async () => {
      await page
        .getByRole('navigation', { name: 'Boutique' })
        .getByRole('link', { name: 'Créer un compte' })
        .click();
      await page.getByLabel('Nom').fill(customer.name);
      await page.getByLabel('Courriel').fill(customer.email);
      await page.getByLabel('Mot de passe').fill(customer.password);
      await screenshot(page, TEST, '06-sign-up');
      await expectAccessible(page, 'sign-up');
      await page.getByRole('button', { name: 'Créer mon compte' }).click();
      await page.getByRole('heading', { name: 'Vérifiez votre courriel' }).waitFor();
      await screenshot(page, TEST, '07-sign-up-sent');

      await page.goto(`${platform.origin}/verify?token=${await verificationToken()}`);
      await page.getByText(`L’adresse ${customer.email} est vérifiée`).waitFor();
      await screenshot(page, TEST, '08-verified');
      await expectAccessible(page, 'verified');

      await page.getByRole('main').getByRole('link', { name: 'Se connecter' }).click();
      await page.getByLabel('Courriel').fill(customer.email);
      await page.getByLabel('Mot de passe').fill(customer.password);
      await page.getByRole('button', { name: 'Se connecter' }).last().click();
      await page.waitForURL(`${platform.origin}/cart`);
      await page
        .getByText('Les articles choisis avant la connexion ont été ajoutés à votre panier.')
        .waitFor();
      await page.getByRole('row', { name: /Total\s+91,96/ }).waitFor();
      await screenshot(page, TEST, '09-cart-merged');
    },
    JOURNEY_STEP_MS,
  );

  it(
    'sees the price the head office changed before paying, pays with the approving card and follows the order live until delivered',
    async () => {
      const changed = await platform.call(
        'PATCH',
        `/catalog/products/${lamp.id}`,
        { price: cad(4499) },
        platform.admin,
      );
      expect(changed.status).toBe(200);
      await page.getByRole('link', { name: 'Passer la commande' }).click();
      await page.getByRole('heading', { name: 'Des prix ont changé' }).waitFor();
      await page.getByText(new RegExp(`${lamp.name} : 39,99\\s\\$ → 44,99\\s\\$`)).waitFor();
      // 2 × 44,99 = 89,98; TPS 4,50; TVQ 8,98 → 103,46.
      await page.getByRole('row', { name: /Total\s+103,46/ }).waitFor();

      await page.getByLabel('Nom').fill(customer.name);
      await page.getByLabel('Adresse', { exact: true }).fill('1234, rue Rachel Est');
      await page.getByLabel('Ville').fill('Montréal');
      await page.getByLabel('Code postal').fill('H2J 2J3');
      await page.getByLabel('Numéro de carte').fill('4242 4242 4242 4242');
      await page.getByLabel('Mois d’expiration').fill('12');
      await page.getByLabel('Année d’expiration').fill('2030');
      await page.getByLabel('Code de sécurité').fill('123');
      await screenshot(page, TEST, '10-checkout');
      await expectAccessible(page, 'checkout');
      await page.getByRole('button', { name: 'Payer et commander' }).click();

      await page.waitForURL(/\/orders\/ord_[0-9A-Z]{26}$/);
      orderId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      const status = page.getByRole('status').filter({ hasText: 'Statut :' });
      await status.getByText('Confirmée').waitFor();
      await screenshot(page, TEST, '11-order-confirmed');
      await expectAccessible(page, 'order');
      // A mark on this document: still there at the end means the page was never reloaded.
      await page.evaluate(() => {
        (globalThis as unknown as { followedLive: boolean }).followedLive = true;
      });

      const order = await platform.call('GET', `/ordering/orders/${orderId}`, undefined, platform.admin);
      expect(order.body).toMatchObject({ status: 'confirmed', total: cad(10346) });
      const shipped = await platform.call(
        'POST',
        `/ordering/orders/${orderId}/shipments`,
        { skus: [lamp.sku], carrier: 'Postes Canada', trackingNumber: `7023 ${tag}` },
        platform.admin,
      );
      expect(shipped.status).toBe(201);
      await status.getByText('Expédiée').waitFor();
      await page.getByText(`Numéro de suivi : 7023 ${tag}`).waitFor();
      await screenshot(page, TEST, '12-order-shipped');

      const delivered = await platform.call(
        'POST',
        `/ordering/orders/${orderId}/shipments/${shipped.body.shipments[0].id}/delivered`,
        undefined,
        platform.admin,
      );
      expect(delivered.status).toBe(200);
      await status.getByText('Livrée').waitFor();
      await page.getByText('Suivi terminé').waitFor();
      expect(
        await page.evaluate(() => (globalThis as unknown as { followedLive?: boolean }).followedLive),
      ).toBe(true);
      await screenshot(page, TEST, '13-order-delivered');
    },
    JOURNEY_STEP_MS,
  );

  it(
    'finds the order delivered in "my orders", and the cart empty',
    async () => {
      await page
        .getByRole('navigation', { name: 'Boutique' })
        .getByRole('link', { name: 'Mes commandes' })
        .click();
      await page.getByRole('heading', { name: 'Mes commandes' }).waitFor();
      await page.getByRole('row', { name: /2 articles.*Livrée.*103,46/ }).waitFor();
      await screenshot(page, TEST, '14-my-orders');
      await expectAccessible(page, 'my orders');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'My orders' }).waitFor();
      await page.getByRole('row', { name: /2 items.*Delivered.*\$103\.46/ }).waitFor();
      await screenshot(page, TEST, '14-my-orders-en');
      await page.getByRole('button', { name: 'Français' }).click();
      await page.getByRole('heading', { name: 'Mes commandes' }).waitFor();

      await page
        .getByRole('navigation', { name: 'Boutique' })
        .getByRole('link', { name: /Panier/ })
        .click();
      await page.getByText('Votre panier est vide.').waitFor();
      await screenshot(page, TEST, '15-cart-empty');
    },
    JOURNEY_STEP_MS,
  );

  it(
    'pays with a declined card: the order is cancelled and says why, and its items can go back in the cart',
    async () => {
      await page.goto(`${platform.origin}/products/${lamp.id}`);
      await page.getByRole('button', { name: 'Ajouter au panier' }).click();
      await page.getByText('Ajouté au panier.').waitFor();
      await page.goto(`${platform.origin}/checkout`);
      await page.getByLabel('Nom').fill(customer.name);
      await page.getByLabel('Adresse', { exact: true }).fill('1234, rue Rachel Est');
      await page.getByLabel('Ville').fill('Montréal');
      await page.getByLabel('Code postal').fill('H2J 2J3');
      await page.getByLabel('Numéro de carte').fill('4000 0000 0000 0002');
      await page.getByLabel('Mois d’expiration').fill('12');
      await page.getByLabel('Année d’expiration').fill('2030');
      await page.getByLabel('Code de sécurité').fill('123');
      await page.getByRole('button', { name: 'Payer et commander' }).click();
      await page.waitForURL(/\/orders\/ord_/);
      await page.getByRole('status').filter({ hasText: 'Statut :' }).getByText('Annulée').waitFor();
      await page.getByText('La carte a été refusée ; rien n’a été débité.').first().waitFor();
      await screenshot(page, TEST, '16-order-declined');
      await page.getByRole('button', { name: 'Remettre ces articles dans le panier' }).click();
      await page.getByText('Les articles sont de retour dans votre panier.').waitFor();
    },
    JOURNEY_STEP_MS,
  );

  it(
    'says a product that does not exist no longer exists, rather than showing an error',
    async () => {
      await page.goto(`${platform.origin}/products/prod_00000000000000000000000000`);
      await page.getByText('Ce produit n’existe plus.').waitFor();
      await screenshot(page, TEST, '17-product-gone');
    },
    JOURNEY_STEP_MS,
  );

  it(
    'shows the backend out of reach, never a blank page, and recovers on retry',
    async () => {
      const visitor = await openPage(browser, { width: 390, height: 844 });
      await visitor.route('**/api/**', (route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          body: '{"title":"Service Unavailable","status":503}',
        }),
      );
      await visitor.goto(`${platform.origin}/`);
      await visitor.getByRole('heading', { name: 'Serveur injoignable' }).first().waitFor();
      expect(await visitor.locator('main').textContent()).not.toContain('{');
      await screenshot(visitor, TEST, '18-unreachable-phone');
      await expectAccessible(visitor, 'unreachable');

      await visitor.unroute('**/api/**');
      // Each part of the screen that failed offers its own retry.
      const retry = visitor.getByRole('button', { name: 'Réessayer' });
      while ((await retry.count()) > 0) await retry.first().click();
      await visitor.getByRole('link', { name: lighting.name }).waitFor();
      await visitor.getByRole('link', { name: lamp.name }).waitFor();
      await screenshot(visitor, TEST, '19-catalog-phone');

      // The network itself failing (no answer at all) on the product page.
      await visitor.route('**/api/views/**', (route) => route.abort('failed'));
      await visitor.goto(`${platform.origin}/products/${lamp.id}`);
      await visitor.getByRole('heading', { name: 'Serveur injoignable' }).waitFor();
      await screenshot(visitor, TEST, '20-product-network-down');
      await visitor.context().close();
    },
    JOURNEY_STEP_MS,
  );
});
