import { httpProblem, problemType, sendProblem } from '@comptoir/platform';
import type { FastifyInstance } from 'fastify';

export interface CorsOptions {
  /** Exact origins (`https://shop.example`) a browser may call the API from. */
  origins: readonly string[];
  maxAgeSeconds: number;
}

const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'accept-language',
  'idempotency-key',
  'if-match',
  'if-none-match',
  'last-event-id',
  // An anonymous cart's capability (cart checks it), sent by the shop before sign-in.
  'x-cart-token',
  'x-request-id',
  'x-correlation-id',
].join(', ');
/** What a browser script may read of an answer beyond the CORS-safelisted headers. */
const EXPOSED = [
  'etag',
  'location',
  'retry-after',
  'ratelimit',
  'ratelimit-policy',
  'www-authenticate',
  'x-request-id',
  'x-correlation-id',
].join(', ');

/**
 * CORS from an allow-list, answered at the gateway so a preflight never reaches a service (nor
 * its auth). Credentials travel in `Authorization`, not cookies, so `Allow-Credentials` is never
 * sent. A preflight from an origin not on the list gets a 403 problem; an actual request from one
 * is served without CORS headers, and the browser keeps the answer from the script.
 */
export function installCors(app: FastifyInstance, options: CorsOptions): void {
  const allowed = new Set(options.origins);
  const maxAge = String(options.maxAgeSeconds);

  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (origin === undefined) return done();
    reply.header('vary', 'Origin');
    const isAllowed = allowed.has(origin);
    const preflight =
      request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    if (!preflight) {
      if (isAllowed) {
        reply.header('access-control-allow-origin', origin);
        reply.header('access-control-expose-headers', EXPOSED);
      }
      return done();
    }
    if (!isAllowed) {
      sendProblem(reply, {
        ...httpProblem(403, `Origin ${origin} may not call this API from a browser.`, {
          type: problemType('cors-origin-denied'),
          code: 'GATEWAY_CORS_ORIGIN_DENIED',
        }),
        instance: request.url,
        requestId: request.id,
      });
      return;
    }
    reply
      .code(204)
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-methods', METHODS)
      .header('access-control-allow-headers', REQUEST_HEADERS)
      .header('access-control-max-age', maxAge)
      .send();
  });
}
