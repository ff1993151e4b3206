/**
 * Comptoir's service worker: keeps the app shell (index.html and every built script and
 * stylesheet) so /pos opens with no backend reachable after one online visit. Built by
 * shell-plugin.ts into dist/sw.js with the build's file list and version in place of the
 * placeholders; a new build is a new worker, which caches the new shell and drops the old one.
 *
 * It never touches /api: the register's data lives in IndexedDB, and an API answer from a cache
 * would be a lie about the server. Same-origin GETs of the shell are served from the cache first
 * (hashed names never change); a page load tries the network for a few seconds, then the cache.
 */
const FILES = '__SHELL_FILES__';
const VERSION = '__SHELL_VERSION__';
const CACHE = `comptoir-shell-${VERSION}`;
const NAVIGATION_TIMEOUT_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(['/index.html', ...FILES.map((file) => `/${file}`)]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith('comptoir-shell-') && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** The network's page, unless it fails or is slower than the timeout: then the cached shell. */
async function page(request) {
  const cached = () => caches.match('/index.html', { cacheName: CACHE, ignoreVary: true });
  try {
    const answer = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), NAVIGATION_TIMEOUT_MS)),
    ]);
    if (answer.ok) return answer;
    return (await cached()) ?? answer;
  } catch (error) {
    const shell = await cached();
    if (shell) return shell;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
    return;
  }
  event.respondWith(
    (async () => (await caches.match(request, { cacheName: CACHE, ignoreVary: true })) ?? fetch(request))(),
  );
});
