// `npm start` on a fresh clone: install the dependencies first if they are missing or stale.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000;
if (stale) {
  console.log('Installing dependencies (first run)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

// The gateway serves the web app at `/`: build it when missing or older than its sources.
const { ensureWebBuild } = await import('./ensure-web-build.mjs');
ensureWebBuild();
