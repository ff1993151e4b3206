/**
 * Browser tests drive Debian's Chromium (`apt-get install chromium`; scripts/ci/ensure-chromium.sh
 * in CI) through playwright-core: the test tool's own browser download does not work on these
 * machines. Without Chromium the browser tests skip with a message — except in CI, where they fail.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { describe } from 'vitest';

export const CHROMIUM = process.env.COMPTOIR_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true')
  throw new Error(`Chromium is missing at ${CHROMIUM}: CI installs it with scripts/ci/ensure-chromium.sh`);
if (!available)
  console.warn(
    `Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set COMPTOIR_CHROMIUM).`,
  );

/** `describe` when Chromium is there, `describe.skip` (with the warning above) when not. */
export const describeInBrowser = available ? describe : describe.skip;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/**
 * A fresh tab in its own context (own storage; axe-core needs a context the test created), at
 * the register's 1280×800 unless told otherwise. Waits fail after 15 s with the locator in the message.
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1280, height: 800 },
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'fr-CA' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}
