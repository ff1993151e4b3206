import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface WebAppOptions {
  /** The built app (apps/web/dist): index.html and its hashed assets. */
  root: string;
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Comptoir</title></head>
<body><main><h1>The web app is not built</h1>
<p>Build it with <code>npm run build:web</code> (or restart with <code>npm start</code>, which builds it when missing), then reload.</p>
<p>The API is up: <a href="/api/docs">/api/docs</a>.</p></main></body></html>
`;

/** Hashed file names never change content: cache them for a year. */
const ASSETS_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

const pathOf = (url: string) => decodeURIComponent(url.split('?')[0] ?? '/');

/** A GET that no route answers, outside `/api`: the web app's to serve. */
export function isWebAppRequest(request: FastifyRequest): boolean {
  if (!request.is404 || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
  const path = pathOf(request.url);
  return path !== '/api' && !path.startsWith('/api/');
}

async function isFileUnder(root: string, relative: string): Promise<boolean> {
  const full = normalize(join(root, relative));
  if (!full.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return false;
  return stat(full).then(
    (found) => found.isFile(),
    () => false,
  );
}

/**
 * Serves the web app at `/`: its files as built, and `index.html` for any other path without an
 * extension (the app routes in the browser: `/pos`, `/admin/...`). It answers only what no route
 * did, so `/api/*`, health and metrics are untouched and an unknown `/api` path is still the
 * kit's 404 problem. The build is looked up per request, so a rebuild needs no restart; while
 * none exists, `/` says how to make one.
 */
export async function installWebApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const { root } = options;
  // Only `reply.sendFile` (ranges, ETag, traversal guard); routing is ours.
  await app.register(fastifyStatic, { root, serve: false });

  app.addHook('onRequest', async (request, reply) => {
    if (!isWebAppRequest(request)) return;
    const path = pathOf(request.url);
    if (!(await isFileUnder(root, 'index.html'))) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT);
    }
    const file = path.replace(/^\/+/, '');
    // A path that climbs (`..`) is nobody's screen and no file of the build.
    if (file.split('/').includes('..')) return;
    if (file !== '' && (await isFileUnder(root, file))) {
      const hashed = file.startsWith('assets/');
      return reply.sendFile(file, {
        cacheControl: true,
        maxAge: hashed ? ASSETS_MAX_AGE_MS : 0,
        immutable: hashed,
      });
    }
    // A missing asset stays a 404: answering HTML for a script hides the real problem.
    if (extname(file) !== '') return;
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  });
}
