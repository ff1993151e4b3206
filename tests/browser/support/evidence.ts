/**
 * What a browser run leaves behind and checks on every screen: a screenshot per step in
 * artifacts/screenshots/<test>/<step>.png (gitignored; CI keeps the folder), and an axe-core
 * scan that fails on any serious or critical accessibility violation.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const SCREENSHOTS = fileURLToPath(new URL('../../../artifacts/screenshots/', import.meta.url));

/** Saves the page as it looks now, full length. Returns the file written. */
export async function screenshot(page: Page, test: string, step: string): Promise<string> {
  const folder = join(SCREENSHOTS, test);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${step}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical axe-core violations of the page as it is now (WCAG 2.1 A and AA). */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** Throws, listing them, when the page has serious or critical accessibility violations. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  if (violations.length === 0) return;
  const lines = violations.map((v) => `- [${v.impact}] ${v.id}: ${v.help} (${v.targets.join(', ')})`);
  throw new Error(`accessibility violations on ${where}:\n${lines.join('\n')}`);
}
