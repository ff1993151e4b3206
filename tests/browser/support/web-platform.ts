/**
 * The platform of the journey tests (tests/support/platform.ts) with the web app built and
 * served by its gateway at `/`. The build is made once, when stale, however many browser test
 * files start together: the first takes a lock, the others wait for its build.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureWebBuild } from '../../../scripts/ensure-web-build.mjs';
import { type Platform, startPlatform } from '../../support/platform.ts';

const LOCK = fileURLToPath(new URL('../../../apps/web/.build-lock', import.meta.url));
/** A lock older than this was left by a run that died mid-build. */
const STALE_LOCK_MS = 120_000;

async function buildOnce(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const age = Date.now() - (statSafe(LOCK) ?? 0);
      if (age > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    ensureWebBuild();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function statSafe(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

export interface WebPlatform extends Platform {
  /** The gateway's origin: the app at `/`, the API at `/api`. */
  origin: string;
}

export async function startWebPlatform(): Promise<WebPlatform> {
  await buildOnce();
  const platform = await startPlatform();
  return Object.assign(platform, { origin: platform.api.replace(/\/api$/, '') });
}
