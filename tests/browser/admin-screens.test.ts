/**
 * Every back-office screen in the browser, against the whole platform: head office creates a
 * store and a register, receives, adjusts and transfers stock, creates a user and changes their
 * roles, creates and revokes an API key, reads the dead letters and the dev mailbox; a store
 * manager sees only their store's parts. Empty, error and backend-unreachable states are shown in
 * words. A screenshot of every screen; axe-core finds no serious or critical violation.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ADMIN, eventually, PASSWORD } from '../support/platform.ts';
import { newCategory, newProduct, newStore, signInAt } from './admin-world.ts';
import { describeInBrowser, launchBrowser, openPage } from './support/browser.ts';
import { expectAccessible, screenshot } from './support/evidence.ts';
import { startWebPlatform, type WebPlatform } from './support/web-platform.ts';

const TEST = 'admin-screens';
const tag = Date.now().toString(36).toUpperCase();
const LAMP = `LAM-${tag}`;

describeInBrowser('the back office', () => {
  let platform: WebPlatform;
  let browser: Browser;
  let page: Page;
  let store: Awaited<ReturnType<typeof newStore>>;

  beforeAll(async () => {
    platform = await startWebPlatform();
    const categoryId = await newCategory(platform, tag);
    await newProduct(platform, { sku: LAMP, name: `Lampe ${tag}`, cents: 4500, categoryId });
    store = await newStore(platform, tag, [LAMP]);
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

  it('creates a store, opens it and adds a register', async () => {
    await signInAt(page, `${platform.origin}/admin/stores`, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: store.name }).waitFor();
    await page.getByLabel('Code').fill(`NEW-${tag}`);
    await page.getByLabel('Nom', { exact: true }).fill(`Comptoir Neuf ${tag}`);
    await page.getByLabel('Quartier').fill('Limoilou');
    await page.getByRole('button', { name: 'Créer le magasin' }).click();
    await page.getByText(`Magasin « Comptoir Neuf ${tag} » créé.`).waitFor();
    await page.getByRole('link', { name: `Comptoir Neuf ${tag}` }).waitFor();
    await screenshot(page, TEST, '01-stores');
    await expectAccessible(page, 'admin stores');

    await page.getByRole('link', { name: `Comptoir Neuf ${tag}` }).click();
    await page.getByRole('heading', { name: `Comptoir Neuf ${tag}` }).waitFor();
    await page.getByText('Aucune caisse dans ce magasin.').waitFor();
    await page.getByLabel('Nom de la nouvelle caisse').fill('Caisse 1');
    await page.getByRole('button', { name: 'Ajouter une caisse' }).click();
    await page.getByText('Caisse « Caisse 1 » ajoutée.').waitFor();
    await page.getByRole('cell', { name: 'Caisse 1' }).waitFor();
    await screenshot(page, TEST, '02-store');
    await expectAccessible(page, 'admin store');
  });

  it('receives, adjusts and transfers stock at a store, the levels following', async () => {
    await page.goto(`${platform.origin}/admin/stock`);
    await page.getByLabel('Emplacement').selectOption(store.locationId);
    const onHand = page.getByTestId(`on-hand-${LAMP}`);
    await expect.poll(() => onHand.textContent()).toBe('10');

    const receipt = page.getByRole('group', { name: 'Réception' });
    await receipt.getByLabel('SKU').fill(LAMP);
    await receipt.getByLabel('Quantité').fill('5');
    await receipt.getByRole('button', { name: 'Recevoir' }).click();
    await page.getByText(`5 × ${LAMP} reçus.`).waitFor();
    await expect.poll(() => onHand.textContent()).toBe('15');

    const adjust = page.getByRole('group', { name: /Ajustement/ });
    await adjust.getByLabel('SKU').fill(LAMP);
    await adjust.getByLabel('Quantité').fill('-2');
    await adjust.getByLabel('Motif').fill('Abîmées au déballage');
    await adjust.getByRole('button', { name: 'Ajuster' }).click();
    await page.getByText(`${LAMP} ajusté de -2.`).waitFor();
    await expect.poll(() => onHand.textContent()).toBe('13');

    const transfer = page.getByRole('group', { name: 'Transfert' });
    await transfer.getByLabel('SKU').fill(LAMP);
    await transfer.getByLabel('Quantité').fill('3');
    await transfer.getByLabel('Vers').selectOption('loc_online');
    await transfer.getByRole('button', { name: 'Transférer' }).click();
    await page.getByText(`3 × ${LAMP} transférés.`).waitFor();
    await expect.poll(() => onHand.textContent()).toBe('10');
    await screenshot(page, TEST, '03-stock');
    await expectAccessible(page, 'admin stock');

    const levels = await platform.call('GET', `/inventory/stock/${LAMP}`);
    const at = (id: string) =>
      levels.body.levels?.find((l: { locationId: string }) => l.locationId === id)?.onHand;
    expect(at(store.locationId)).toBe(10);
  });

  it('refuses a stock move it cannot make in words, not JSON', async () => {
    const adjust = page.getByRole('group', { name: /Ajustement/ });
    await adjust.getByLabel('SKU').fill(LAMP);
    await adjust.getByLabel('Quantité').fill('-1000');
    await adjust.getByLabel('Motif').fill('Erreur de saisie');
    await adjust.getByRole('button', { name: 'Ajuster' }).click();
    const alert = page.locator('.state-error');
    await alert.waitFor();
    expect(await alert.textContent()).not.toContain('{');
    await screenshot(page, TEST, '04-stock-refused');
  });

  it('creates a user, then gives them the manager role at a store', async () => {
    const email = `gerant.${tag.toLowerCase()}@comptoir.test`;
    await page.goto(`${platform.origin}/admin/users`);
    await page.getByRole('heading', { name: 'Nouvel utilisateur' }).waitFor();
    const form = page.getByRole('form', { name: 'Nouvel utilisateur' });
    await form.getByLabel('Courriel').fill(email);
    await form.getByLabel('Nom affiché').fill(`Gérant ${tag}`);
    await form.getByLabel('Mot de passe').fill(PASSWORD);
    await form.getByLabel('caissier').check();
    await form.getByRole('button', { name: 'Créer l’utilisateur' }).click();
    await page.getByText(`Utilisateur ${email} créé.`).waitFor();

    await page.goto(`${platform.origin}/admin/users?q=${encodeURIComponent(email)}`);
    await page.getByRole('button', { name: `Modifier ${email}` }).click();
    const edit = page.getByRole('form', { name: `Modifier ${email}` });
    await edit.getByLabel('caissier').uncheck();
    await edit.getByLabel('gérant').check();
    await edit.getByLabel(store.name).check();
    await screenshot(page, TEST, '05-user-edit');
    await expectAccessible(page, 'admin user edit');
    await edit.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('cell', { name: 'gérant', exact: true }).waitFor();
    await screenshot(page, TEST, '06-users');
    await expectAccessible(page, 'admin users');

    const users = await platform.call(
      'GET',
      `/identity/users?limit=5&q=${encodeURIComponent(email)}`,
      undefined,
      platform.admin,
    );
    expect(users.body.items[0]).toMatchObject({ roles: ['store_manager'], storeIds: [store.storeId] });
  });

  it('creates an API key, shows its secret once, and revokes it', async () => {
    await page.goto(`${platform.origin}/admin/api-keys`);
    await page.getByRole('heading', { name: 'Nouvelle clé' }).waitFor();
    await page.getByLabel('Nom', { exact: true }).fill(`Partenaire ${tag}`);
    await page.getByRole('button', { name: 'Créer la clé' }).click();
    await page.getByTestId('api-key-secret').waitFor();
    expect((await page.getByTestId('api-key-secret').textContent())?.length).toBeGreaterThan(20);
    await screenshot(page, TEST, '07-api-keys');
    await expectAccessible(page, 'admin API keys');
    await page.getByRole('button', { name: `Révoquer Partenaire ${tag}` }).click();
    await page.getByText(`Clé « Partenaire ${tag} » révoquée.`).waitFor();
    await page.getByText(/révoquée le/).waitFor();
  });

  it('lists every service’s queues and their dead letters', async () => {
    await page.goto(`${platform.origin}/admin/dead-letters`);
    await page.getByRole('heading', { name: 'Lettres mortes' }).waitFor();
    const firstQueue = page.locator('tbody button.link').first();
    await firstQueue.waitFor();
    await screenshot(page, TEST, '08-dead-letters');
    await expectAccessible(page, 'admin dead letters');
    const queue = await firstQueue.textContent();
    await firstQueue.click();
    await page.getByRole('heading', { name: `Lettres mortes de ${queue}` }).waitFor();
    await page.getByText('Aucune lettre morte dans cette file.').waitFor();
  });

  it('reads the dev mailbox', async () => {
    const email = `client.${tag.toLowerCase()}@comptoir.test`;
    const signedUp = await platform.call('POST', '/identity/users', {
      email,
      password: PASSWORD,
      displayName: 'Client courriel',
    });
    expect(signedUp.status).toBe(201);
    await eventually(async () => {
      const box = await platform.call(
        'GET',
        `/notifications/mailbox?limit=5&to=${encodeURIComponent(email)}`,
      );
      return box.body.items?.length > 0 ? true : undefined;
    });
    await page.goto(`${platform.origin}/admin/mailbox`);
    await page.getByLabel('Destinataire').fill(email);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.locator('tbody button.link').first().click();
    await page.getByText(`À : ${email}`).waitFor();
    await screenshot(page, TEST, '09-mailbox');
    await expectAccessible(page, 'admin mailbox');
  });

  it('says so when nothing matches, when the API fails and when the backend is unreachable', async () => {
    await page.goto(`${platform.origin}/admin/products?q=rien-${tag}`);
    await page.getByText('Aucun produit ne correspond.').waitFor();
    await screenshot(page, TEST, '10-products-empty');

    const apiKeys = (url: URL) => url.pathname === '/api/identity/api-keys';
    await page.route(apiKeys, (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Internal Server Error',
          status: 500,
          detail: 'boom',
        }),
      }),
    );
    await page.goto(`${platform.origin}/admin/api-keys`);
    await page.getByRole('heading', { name: 'Internal Server Error' }).waitFor();
    await screenshot(page, TEST, '11-error');
    await page.unroute(apiKeys);

    const storesList = (url: URL) => url.pathname === '/api/stores/stores';
    await page.route(storesList, (route) => route.abort('connectionrefused'));
    await page.goto(`${platform.origin}/admin/stores`);
    await page.getByRole('heading', { name: 'Serveur injoignable' }).waitFor();
    await screenshot(page, TEST, '12-unreachable');
    await expectAccessible(page, 'admin unreachable');
    await page.unroute(storesList);
    await page.getByRole('button', { name: 'Réessayer' }).click();
    await page.getByRole('link', { name: store.name }).waitFor();
  });

  it('shows a store manager only their store’s stock and stores', async () => {
    const manager = await platform.person(['store_manager'], [store.storeId]);
    const tab = await openPage(browser);
    try {
      await signInAt(tab, `${platform.origin}/admin`, manager.email, PASSWORD);
      await tab.getByRole('heading', { name: 'Stock par magasin' }).waitFor();
      const menu = tab.getByRole('navigation', { name: 'Administration' });
      expect(await menu.getByRole('link').allTextContents()).toEqual(['Magasins et caisses', 'Stock']);
      const options = await tab.getByLabel('Emplacement').locator('option').allTextContents();
      expect(options).toHaveLength(1);
      await tab.getByTestId(`on-hand-${LAMP}`).waitFor();
      await screenshot(tab, TEST, '13-manager-stock');
      await expectAccessible(tab, 'manager stock');
    } finally {
      await tab.context().close();
    }
  });
});
