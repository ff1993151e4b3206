/**
 * The reports screen in the browser, every service real: cashiers sell at two stores through the
 * API, then head office opens /reports and reads figures equal to the sums of those sales (worked
 * out here from the sale responses), for every store and for one; a manager of one store is
 * offered only that store and sees only its figures. Charts draw under the app's CSP; a range the
 * service refuses and a range without sales are said in words. Screenshots; axe-core finds no
 * serious or critical violation.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ADMIN, eventually, newId, PASSWORD } from '../support/platform.ts';
import { describeInBrowser, launchBrowser, openPage } from './support/browser.ts';
import { expectAccessible, screenshot } from './support/evidence.ts';
import { startWebPlatform, type WebPlatform } from './support/web-platform.ts';

const TEST = 'reports';
const tag = Date.now().toString(36).toUpperCase();
const cad = (amount: number) => ({ amount, currency: 'CAD' });
const CHAIR = `CHR-RP-${tag}`;
const LAMP = `LMP-RP-${tag}`;
const CARD = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' };

/** "51,13 $" as fr-CA writes it, whatever space the formatter puts before the sign. */
const normalise = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
const money = (cents: number) =>
  normalise(new Intl.NumberFormat('fr-CA', { style: 'currency', currency: 'CAD' }).format(cents / 100));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

interface Shop {
  storeId: string;
  name: string;
  register: string;
  cashier: string;
}
interface Sale {
  total: { amount: number };
}

describeInBrowser('head office and a store manager read the reports screen', () => {
  let platform: WebPlatform;
  let browser: Browser;
  let page: Page;
  let plateau: Shop;
  let vieux: Shop;
  let managerEmail: string;
  const sold: { plateau: Sale[]; vieux: Sale[] } = { plateau: [], vieux: [] };
  const cspViolations: string[] = [];

  async function openStore(code: string, name: string, lamps: number): Promise<Shop> {
    const { call, admin } = platform;
    const store = await call(
      'POST',
      '/stores/stores',
      { code: `${code}-${tag}`, name, district: 'Montréal', type: 'boutique', address: '1, rue du Test' },
      admin,
    );
    expect(store.status).toBe(201);
    const storeId: string = store.body.id;
    const register = await call('POST', `/stores/stores/${storeId}/registers`, { name: 'Caisse 1' }, admin);
    expect(register.status).toBe(201);
    const locationId = await eventually(async () => {
      const found = await call('GET', `/inventory/locations?storeId=${storeId}`);
      return found.body.items?.[0]?.id as string | undefined;
    });
    const delivery = await call(
      'POST',
      '/inventory/receipts',
      {
        locationId,
        lines: [
          { sku: CHAIR, quantity: 20 },
          { sku: LAMP, quantity: lamps },
        ],
      },
      admin,
    );
    expect(delivery.status).toBe(201);
    const cashier = (await platform.person(['cashier'], [storeId])).token;
    return { storeId, name, register: register.body.id, cashier };
  }

  async function openSession(shop: Shop): Promise<string> {
    const opened = await platform.call(
      'POST',
      `/stores/registers/${shop.register}/sessions`,
      { openingFloat: cad(10_000) },
      shop.cashier,
    );
    expect(opened.status).toBe(201);
    return opened.body.id;
  }

  /** A sale at the register as the cashier makes it: a basket on the session, then the sale. */
  async function sell(
    shop: Shop,
    sessionId: string,
    lines: { sku: string; quantity: number }[],
    payment: object,
  ) {
    const cart = await platform.call('POST', '/cart/carts', { sessionId }, shop.cashier);
    expect(cart.status).toBe(201);
    for (const line of lines) {
      const added = await platform.call('POST', `/cart/carts/${cart.body.id}/lines`, line, shop.cashier);
      expect(added.status).toBeLessThan(300);
    }
    const saleId = newId('sal');
    const sale = await platform.call(
      'POST',
      '/ordering/sales',
      { saleId, cartId: cart.body.id, payment },
      shop.cashier,
      { 'idempotency-key': saleId },
    );
    expect(sale.status).toBe(201);
    return sale.body as Sale;
  }

  async function signIn(email: string, password: string) {
    await page.goto(`${platform.origin}/reports`);
    await page.getByLabel('Courriel').fill(email);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await page.getByRole('heading', { name: 'Rapports', level: 1 }).waitFor();
  }

  async function fresh(viewer: Browser) {
    page = await openPage(viewer);
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  }

  const figure = async (id: string) => normalise(await page.getByTestId(id).textContent());

  beforeAll(async () => {
    platform = await startWebPlatform();
    const { call, admin } = platform;
    const category = await call(
      'POST',
      '/catalog/categories',
      { slug: `rapports-web-${tag.toLowerCase()}`, name: 'Rapports' },
      admin,
    );
    for (const [sku, name, cents] of [
      [CHAIR, `Chaise rapport ${tag}`, 1999],
      [LAMP, `Lampe rapport ${tag}`, 449],
    ] as const) {
      const created = await call(
        'POST',
        '/catalog/products',
        { sku, name, description: name, price: cad(cents), categoryId: category.body.id, active: true },
        admin,
      );
      expect(created.status).toBe(201);
      await eventually(async () =>
        (await call('GET', `/inventory/stock/${sku}`)).status === 200 ? true : undefined,
      );
    }
    // Six lamps at the Plateau: selling two takes it under the default threshold (5), an alert.
    plateau = await openStore('RPW-PLATEAU', `Comptoir Plateau ${tag}`, 6);
    vieux = await openStore('RPW-VIEUX', `Comptoir Vieux-Montréal ${tag}`, 20);
    managerEmail = (await platform.person(['store_manager'], [plateau.storeId])).email;

    const plateauSession = await openSession(plateau);
    sold.plateau.push(
      await sell(
        plateau,
        plateauSession,
        [
          { sku: CHAIR, quantity: 2 },
          { sku: LAMP, quantity: 2 },
        ],
        { method: 'card', card: CARD },
      ),
    );
    sold.plateau.push(
      await sell(plateau, plateauSession, [{ sku: CHAIR, quantity: 1 }], {
        method: 'cash',
        tendered: cad(5000),
      }),
    );
    const vieuxSession = await openSession(vieux);
    sold.vieux.push(
      await sell(vieux, vieuxSession, [{ sku: LAMP, quantity: 3 }], { method: 'cash', tendered: cad(5000) }),
    );
    // The Vieux-Montréal drawer is counted a dollar short: the sessions table shows the difference.
    // The till hears of the sale through `sale.completed` before it expects its cash in the drawer.
    await eventually(async () => {
      const x = await call('GET', `/stores/sessions/${vieuxSession}/reports/x`, undefined, vieux.cashier);
      return x.body?.salesCount === 1 ? true : undefined;
    });
    const closed = await call(
      'POST',
      `/stores/sessions/${vieuxSession}/close`,
      { countedCash: cad(10_000 + sold.vieux[0]!.total.amount - 100) },
      vieux.cashier,
    );
    expect(closed.status).toBe(200);
    // Reporting hears of the sales through events: the screen is opened once it has all three.
    await eventually(async () => {
      const report = await call('GET', '/reporting/sales', undefined, admin);
      return report.body?.totals?.salesCount === 3 ? true : undefined;
    }, 60_000);
    await eventually(async () => {
      const alerts = await call('GET', '/reporting/stock-alerts', undefined, admin);
      return alerts.body?.items?.length > 0 ? true : undefined;
    }, 30_000);
    await eventually(async () => {
      const sessions = await call('GET', '/reporting/sessions', undefined, admin);
      return sessions.body?.items?.some((session: { status: string }) => session.status === 'closed')
        ? true
        : undefined;
    }, 30_000);
    browser = await launchBrowser();
    await fresh(browser);
  }, 240_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page)
      await screenshot(page, TEST, `failed-${context.task.name}`);
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('head office sees revenue and sales equal to the sum of every store’s sales', async () => {
    await signIn(ADMIN.email, ADMIN.password);
    const all = [...sold.plateau, ...sold.vieux];
    await page.getByTestId('kpi-revenue').waitFor();
    expect(await figure('kpi-revenue')).toBe(money(sum(all.map((sale) => sale.total.amount))));
    expect(await figure('kpi-sales')).toBe('3');
    expect(await figure('kpi-basket')).toBe(money(Math.round(sum(all.map((s) => s.total.amount)) / 3)));
    expect(await figure('kpi-refunds')).toBe(money(0));

    // Every store is offered, and the chart says what it shows to a screen reader.
    const options = await page.getByLabel('Magasin', { exact: true }).locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['Tous les magasins', plateau.name, vieux.name]));
    const summary = await page
      .getByRole('img', { name: /chiffre d’affaires par jour et par magasin/ })
      .first();
    expect(await summary.getAttribute('aria-label')).toContain('3 ventes');
    // Lamps: 2 + 3 sold, chairs 2 + 1: the lamp leads the ranking.
    const ranking = page.getByRole('img', { name: /produits les plus vendus/ });
    expect(await ranking.getAttribute('aria-label')).toContain(`En tête : Lampe rapport ${tag}`);
    const sessionsTable = page.locator('section[aria-labelledby="sessions-title"] table');
    await sessionsTable.waitFor();
    const sessions = normalise(await sessionsTable.textContent());
    expect(sessions).toContain(vieux.name);
    expect(sessions).toContain('Caisse 1');
    expect(sessions).toContain(money(10_000 + sold.vieux[0]!.total.amount)); // expected in the drawer
    expect(sessions).toContain(money(-100)); // counted less expected
    await screenshot(page, TEST, '01-head-office-all-stores');
    await expectAccessible(page, 'reports (head office)');
  });

  it('head office filters one store: the figures are that store’s sales only', async () => {
    await page.getByLabel('Magasin', { exact: true }).selectOption({ label: vieux.name });
    await page.waitForURL(/store=sto_/);
    await eventually(async () => ((await figure('kpi-sales')) === '1' ? true : undefined), 15_000);
    expect(await figure('kpi-revenue')).toBe(money(sold.vieux[0]!.total.amount));
    await page.getByText('Voir le tableau').first().click();
    const table = normalise(await page.locator('.chart-table').first().textContent());
    expect(table).toContain(vieux.name);
    expect(table).not.toContain(plateau.name);
    await screenshot(page, TEST, '02-head-office-one-store');
    await expectAccessible(page, 'reports (one store, table open)');
  });

  it('exports the sales as the service’s CSV, rows of the store filtered', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ventes (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^sales-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const stream = await download.createReadStream();
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    const [header, ...rows] = text.trim().split(/\r?\n/);
    expect(header).toContain('grossCents');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(vieux.storeId);
    expect(rows[0]).toContain(String(sold.vieux[0]!.total.amount));
  });

  it('says in words when a range has no sales, and when a range ends before it starts', async () => {
    await page.goto(`${platform.origin}/reports?range=custom&from=2020-01-01&to=2020-01-07`);
    await page.getByText('Aucune vente sur cette période.').waitFor();
    expect(await figure('kpi-sales')).toBe('0');
    await screenshot(page, TEST, '03-empty-range');
    await expectAccessible(page, 'reports (empty range)');

    await page.getByLabel('Au', { exact: true }).fill('2019-12-31');
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('avant son début');
    await screenshot(page, TEST, '04-backwards-range');
  });

  it('a store manager is offered only their store and sees only its figures', async () => {
    await page.context().close();
    await fresh(browser);
    await signIn(managerEmail, PASSWORD);
    await page.getByTestId('kpi-revenue').waitFor();
    expect(await figure('kpi-revenue')).toBe(money(sum(sold.plateau.map((sale) => sale.total.amount))));
    expect(await figure('kpi-sales')).toBe('2');
    await eventually(async () => {
      const options = await page.getByLabel('Magasin', { exact: true }).locator('option').allTextContents();
      return options.length > 1 ? options : undefined;
    }, 15_000);
    expect(await page.getByLabel('Magasin', { exact: true }).locator('option').allTextContents()).toEqual([
      'Tous mes magasins',
      plateau.name,
    ]);
    await page.getByText('Voir le tableau').first().click();
    const table = normalise(await page.locator('.chart-table').first().textContent());
    expect(table).toContain(plateau.name);
    expect(table).not.toContain(vieux.name);
    // The lamps sold at the Plateau went under their threshold: the manager sees the alert.
    await page.getByRole('heading', { name: 'Alertes de stock bas' }).waitFor();
    await page.getByRole('cell', { name: LAMP }).waitFor();
    await screenshot(page, TEST, '05-manager');
    await expectAccessible(page, 'reports (store manager)');
  });

  it('a store manager who names another store in the address is told so, and goes back to theirs', async () => {
    await page.goto(`${platform.origin}/reports?store=${vieux.storeId}`);
    const refusal = page.getByRole('alert');
    await refusal.getByText('Ce magasin n’est pas parmi ceux dont vous voyez les rapports').waitFor();
    // Said once: no report was asked for a store that is not theirs.
    expect(await refusal.count()).toBe(1);
    expect(await page.getByTestId('kpi-revenue').count()).toBe(0);
    await screenshot(page, TEST, '06-manager-other-store');
    await expectAccessible(page, 'reports (another store)');

    await refusal.getByRole('button', { name: 'Tous mes magasins' }).click();
    await page.getByTestId('kpi-revenue').waitFor();
    expect(await figure('kpi-revenue')).toBe(money(sum(sold.plateau.map((sale) => sale.total.amount))));
  });

  it('draws its charts without breaking the app’s Content Security Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
