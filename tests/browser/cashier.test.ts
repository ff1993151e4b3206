/**
 * A cashier's shift in the browser, served by the gateway with every service real: sign in,
 * choose the store and register, open the session with a float, sell by scanning codes — the
 * whole sale from the keyboard alone — take cash and give change, read the receipt, check the X
 * report, count the drawer, close and read the Z report. A screenshot of every screen; axe-core
 * finds no serious or critical violation on the register's screens.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { eventually, PASSWORD } from '../support/platform.ts';
import { describeInBrowser, launchBrowser, openPage } from './support/browser.ts';
import { expectAccessible, screenshot } from './support/evidence.ts';
import { startWebPlatform, type WebPlatform } from './support/web-platform.ts';

const TEST = 'cashier';
const tag = Date.now().toString(36).toUpperCase();
const cad = (amount: number) => ({ amount, currency: 'CAD' });
const CHAIR = `CHR-${tag}`;
const LAMP = `LMP-${tag}`;

/** "51,13 $" as fr-CA writes it, whatever space the formatter puts before the sign. */
const normalise = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describeInBrowser('a cashier at the register', () => {
  let platform: WebPlatform;
  let browser: Browser;
  let page: Page;
  let cashierEmail: string;
  let storeName: string;

  beforeAll(async () => {
    platform = await startWebPlatform();
    const { call, admin } = platform;
    const category = await call(
      'POST',
      '/catalog/categories',
      { slug: `maison-${tag.toLowerCase()}`, name: 'Maison' },
      admin,
    );
    for (const [sku, name, cents] of [
      [CHAIR, `Chaise pliante ${tag}`, 1999],
      [LAMP, `Lampe bouillotte ${tag}`, 449],
    ] as const) {
      const created = await call(
        'POST',
        '/catalog/products',
        { sku, name, description: name, price: cad(cents), categoryId: category.body.id, active: true },
        admin,
      );
      expect(created.status).toBe(201);
    }
    await eventually(async () =>
      (await call('GET', `/inventory/stock/${LAMP}`)).status === 200 ? true : undefined,
    );
    storeName = `Comptoir Plateau ${tag}`;
    const store = await call(
      'POST',
      '/stores/stores',
      {
        code: `PLT-${tag}`,
        name: storeName,
        district: 'Plateau',
        type: 'boutique',
        address: '1, rue du Test, Montréal',
      },
      admin,
    );
    expect(store.status).toBe(201);
    for (const name of ['Caisse 1', 'Caisse 2'])
      expect((await call('POST', `/stores/stores/${store.body.id}/registers`, { name }, admin)).status).toBe(
        201,
      );
    const locationId = await eventually(async () => {
      const found = await call('GET', `/inventory/locations?storeId=${store.body.id}`);
      return found.body.items?.[0]?.id as string | undefined;
    });
    const delivery = await call(
      'POST',
      '/inventory/receipts',
      {
        locationId,
        lines: [
          { sku: CHAIR, quantity: 10 },
          { sku: LAMP, quantity: 10 },
        ],
      },
      admin,
    );
    expect(delivery.status).toBe(201);
    cashierEmail = (await platform.person(['cashier'], [store.body.id])).email;
    browser = await launchBrowser();
    page = await openPage(browser);
  }, 600_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page)
      await screenshot(page, TEST, `failed-${context.task.name}`);
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('signs in and chooses the store and register', async () => {
    await page.goto(`${platform.origin}/pos`);
    await page.getByLabel('Courriel').fill(cashierEmail);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Choisir le magasin et la caisse' }).waitFor();
    await page.getByLabel('Caisse', { exact: true }).selectOption({ label: 'Caisse 1' });
    await screenshot(page, TEST, '01-choose-register');
    await expectAccessible(page, 'choose register');
    await page.getByRole('button', { name: 'Utiliser cette caisse' }).click();
    await page.getByRole('heading', { name: 'Ouvrir la session de caisse' }).waitFor();
  });

  it('opens the session with a float of 200,00 $', async () => {
    await screenshot(page, TEST, '02-open-session');
    await expectAccessible(page, 'open session');
    await page.keyboard.type('200,00');
    await page.keyboard.press('Enter');
    await page.getByLabel('Code-barres, SKU ou recherche').waitFor();
    expect(normalise(await page.locator('.till-status').textContent())).toContain('fond de caisse 200,00 $');
  });

  it('sells two chairs and a lamp for cash with the keyboard alone, and gives the change', async () => {
    // The scan field has the focus: a scanner types the code and Enter.
    await page.keyboard.type(`2*${CHAIR}`);
    await page.keyboard.press('Enter');
    const chairs = page.getByRole('spinbutton', { name: `Quantité de Chaise pliante ${tag}` });
    await chairs.waitFor();
    expect(await chairs.inputValue()).toBe('2');
    await page.keyboard.type(`lampe bouillotte ${tag.toLowerCase()}`);
    await page.keyboard.press('Enter');
    await page.getByRole('spinbutton', { name: `Quantité de Lampe bouillotte ${tag}` }).waitFor();
    // 2 × 19,99 + 4,49 = 44,47; TPS 2,22; TVQ 4,44; total 51,13.
    expect(normalise(await page.getByTestId('basket-total').textContent())).toBe('51,13 $');
    await screenshot(page, TEST, '03-basket');
    await expectAccessible(page, 'basket');

    await page.keyboard.press('F4');
    await page.getByRole('heading', { name: 'Paiement en espèces' }).waitFor();
    await page.keyboard.type('60');
    expect(normalise(await page.getByTestId('change-due').textContent())).toBe('8,87 $');
    await screenshot(page, TEST, '04-cash-payment');
    await expectAccessible(page, 'cash payment');
    await page.keyboard.press('Enter');

    await page.getByTestId('receipt-total').waitFor();
    expect(normalise(await page.getByTestId('receipt-total').textContent())).toBe('51,13 $');
    expect(normalise(await page.getByTestId('receipt-change').textContent())).toBe('8,87 $');
    await screenshot(page, TEST, '05-receipt');
    await expectAccessible(page, 'receipt');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, TEST, '06-receipt-printed');
    await page.emulateMedia({ media: 'screen' });

    // Enter: the next sale, the scan field ready.
    await page.keyboard.press('Enter');
    await page.getByText('Le panier est vide').waitFor();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('scan-input');
  });

  it('shows the sale in the X report', { timeout: 90_000 }, async () => {
    await page.keyboard.press('F8');
    await page.getByRole('heading', { name: /Rapport X/ }).waitFor();
    // The report hears of the sale through `sale.completed`: refresh until it has.
    await eventually(async () => {
      const count = await page
        .getByTestId('report-sales-count')
        .textContent({ timeout: 5_000 })
        .catch(() => null);
      if (count === '1') return true;
      await page.getByRole('button', { name: 'Actualiser' }).click();
      return undefined;
    }, 60_000);
    expect(normalise(await page.getByTestId('report-total').textContent())).toBe('51,13 $');
    expect(normalise(await page.getByTestId('report-expected').textContent())).toBe('251,13 $');
    await screenshot(page, TEST, '07-x-report');
    await expectAccessible(page, 'X report');
    await page.keyboard.press('Escape');
    await page.getByLabel('Code-barres, SKU ou recherche').waitFor();
  });

  it('closes with the count and prints the Z report', async () => {
    await page.keyboard.press('F9');
    await page.getByRole('heading', { name: 'Clôturer la session' }).waitFor();
    await page.keyboard.type('251,13');
    await screenshot(page, TEST, '08-close');
    await expectAccessible(page, 'close session');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Rapport Z/ }).waitFor();
    await page.getByTestId('report-counted').waitFor();
    expect(await page.getByTestId('report-sales-count').textContent()).toBe('1');
    expect(normalise(await page.getByTestId('report-total').textContent())).toBe('51,13 $');
    expect(normalise(await page.getByTestId('report-counted').textContent())).toBe('251,13 $');
    expect(normalise(await page.getByTestId('report-difference').textContent())).toBe('0,00 $');
    await screenshot(page, TEST, '09-z-report');
    await expectAccessible(page, 'Z report');

    // Done: the register is closed again, ready for the next shift's float.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ouvrir la session de caisse' }).waitFor();
    const sessions = await platform.call('GET', '/ordering/sales?limit=5', undefined, platform.admin);
    expect(sessions.status).toBe(200);
  });
});
