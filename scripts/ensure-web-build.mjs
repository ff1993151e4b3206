// Builds the web app (apps/web → apps/web/dist, served by the gateway at `/`) when no build
// exists or a source is newer than it. Used by `npm start` (prestart) and the browser tests.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const built = join(repo, 'apps/web/dist/index.html');
const sources = [
  'apps/web/src',
  'apps/web/public',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'packages/sdk/src',
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), info.mtimeMs);
}

/** True when the build is missing or older than its sources. */
export function webBuildIsStale() {
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return sources.some((source) => newest(join(repo, source)) > builtAt);
}

export function ensureWebBuild() {
  if (!webBuildIsStale()) return false;
  console.log('Building the web app (apps/web)…');
  // Always React's production build: under vitest NODE_ENV is `test`, which gave the browser tests
  // a development bundle (strict mode running every effect twice) instead of what users get.
  execSync('npm run build -w @comptoir/web', {
    cwd: repo,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureWebBuild();
