import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isWebAppRequest } from '../web/web-app.ts';

export interface SecurityHeaderOptions {
  /** `Strict-Transport-Security` max-age for answers to HTTPS requests; 0 sends none. */
  hstsMaxAgeSeconds: number;
  /** Read `x-forwarded-proto` from the trusted edge to know a request came over TLS. */
  trustForwarded: boolean;
}

const EVERYWHERE = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** JSON answers are never a document: nothing may load, run, frame or submit from them. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Swagger UI is served from the package (no CDN): its own scripts and styles, images inline as
 * `data:`, the document fetched from the same origin. Inline styles are allowed for the widgets
 * that set them; inline scripts are not.
 */
const DOCS_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The web app (apps/web, served at `/`): its own bundled scripts and styles only, API calls to
 * this origin, a service worker of its own later (offline register); no inline script or style.
 */
const APP_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const policyFor = (request: FastifyRequest) => {
  if (request.url.startsWith('/api/docs')) return DOCS_POLICY;
  return isWebAppRequest(request) ? APP_POLICY : API_POLICY;
};

/**
 * Security headers on every answer of the gateway, its own and the services' alike, set before
 * routing so errors, 404s and early refusals carry them too. A service's own header of the same
 * name wins (the hop copies upstream headers after these).
 */
export function installSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const hsts =
    options.hstsMaxAgeSeconds > 0 ? `max-age=${options.hstsMaxAgeSeconds}; includeSubDomains` : undefined;
  const overTls = (request: FastifyRequest) =>
    request.protocol === 'https' ||
    (options.trustForwarded && request.headers['x-forwarded-proto'] === 'https');

  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(EVERYWHERE);
    reply.header('content-security-policy', policyFor(request));
    if (hsts !== undefined && overTls(request)) reply.header('strict-transport-security', hsts);
    done();
  });
}
