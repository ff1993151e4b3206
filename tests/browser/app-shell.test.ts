/**
 * The app shell through a real browser, served by the gateway: French by default with a switch
 * to English, a sign-in through identity that the header reflects, a screen for a role the
 * account lacks that says so, and a backend that stops answering shown as such — never a blank
 * page or raw JSON.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN } from '../support/platform.ts';
import { describeInBrowser, launchBrowser, openPage } from './support/browser.ts';
import { expectAccessible, screenshot } from './support/evidence.ts';
import { startWebPlatform, type WebPlatform } from './support/web-platform.ts';

const TEST = 'app-shell';

describeInBrowser('the app shell', () => {
  let platform: WebPlatform;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    platform = await startWebPlatform();
    browser = await launchBrowser();
    page = await openPage(browser);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('speaks French first and switches to English from the header', async () => {
    await page.goto(`${platform.origin}/`);
    await page.getByRole('link', { name: 'Caisse' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await screenshot(page, TEST, '01-home-fr');
    await expectAccessible(page, 'home (fr)');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Register' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await screenshot(page, TEST, '02-home-en');
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('link', { name: 'Caisse' }).waitFor();
  });

  it('sends a visitor of /pos to sign in, then back to the register once signed in', async () => {
    await page.goto(`${platform.origin}/pos`);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await screenshot(page, TEST, '03-sign-in');
    await expectAccessible(page, 'sign-in');

    await page.getByLabel('Courriel').fill(ADMIN.email);
    await page.getByLabel('Mot de passe').fill('not the password');
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).not.toContain('{');
    await screenshot(page, TEST, '04-sign-in-refused');

    await page.getByLabel('Mot de passe').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await page.waitForURL(`${platform.origin}/pos`);
    await page.getByText('Connecté : maison mère').waitFor();
    await screenshot(page, TEST, '05-signed-in');
  });

  it('keeps the session across a reload of the tab, and forgets it on sign-out', async () => {
    await page.reload();
    await page.getByText('Connecté : maison mère').waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('link', { name: 'Se connecter' }).waitFor();
  });

  it('says the backend is out of reach, with a retry that recovers, instead of a blank page', async () => {
    await page.goto(`${platform.origin}/sign-in?next=%2Fpos`);
    await page.getByLabel('Courriel').fill(ADMIN.email);
    await page.getByLabel('Mot de passe').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${platform.origin}/pos`);
    // The network drops: every API call fails before reaching the gateway.
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await page.evaluate("localStorage.removeItem('comptoir.pos.register')");
    await page.reload();
    await page.getByRole('heading', { name: 'Serveur injoignable' }).waitFor();
    await screenshot(page, TEST, '06-unreachable');
    await expectAccessible(page, 'unreachable');
    await page.unroute('**/api/**');
    await page.getByRole('button', { name: 'Réessayer' }).click();
    await page.getByRole('heading', { name: 'Choisir le magasin et la caisse' }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
  });

  it('fits a phone: the header wraps and nothing scrolls sideways', async () => {
    const phone = await openPage(browser, { width: 390, height: 844 });
    await phone.goto(`${platform.origin}/sign-in`);
    await phone.getByRole('heading', { name: 'Connexion' }).waitFor();
    const overflow = await phone.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
    await screenshot(phone, TEST, '07-phone-sign-in');
    await expectAccessible(phone, 'sign-in on a phone');
    await phone.context().close();
  });

  it('tells a customer that the register is not theirs', async () => {
    const customer = await platform.person(['customer']);
    await page.goto(`${platform.origin}/sign-in?next=%2Fpos`);
    await page.getByLabel('Courriel').fill(customer.email);
    await page.getByLabel('Mot de passe').fill('Caisse-enregistreuse-42');
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await page.getByText('Votre compte n’a pas accès à cet écran').waitFor();
    await screenshot(page, TEST, '08-forbidden');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
  });
});
