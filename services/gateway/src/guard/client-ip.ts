import type { FastifyRequest } from 'fastify';

/**
 * The caller's address for per-IP limits. Behind a trusted edge (nginx, an ingress) every
 * connection comes from the edge, so the address is the last one it appended to
 * `x-forwarded-for` — the right-most, the only one a client cannot forge.
 */
export function clientIp(request: FastifyRequest, trustForwarded: boolean): string {
  if (trustForwarded) {
    const forwarded = request.headers['x-forwarded-for'];
    if (typeof forwarded === 'string' && forwarded !== '') {
      const last = forwarded.slice(forwarded.lastIndexOf(',') + 1).trim();
      if (last !== '') return last;
    }
  }
  return request.ip;
}
