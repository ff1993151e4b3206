import { principalOf } from '@comptoir/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignedIn } from '../domain/carts.ts';
import type { Caller } from '../domain/ports.ts';

/** The signed-in caller (401 otherwise) and the credentials forwarded on its behalf to stores and catalog. */
export function callerOf(request: FastifyRequest, reply: FastifyReply): SignedIn {
  return {
    principal: principalOf(request, reply),
    credentials: request.headers.authorization,
    cartToken: cartTokenOf(request),
  };
}

/**
 * On a route a visitor may call without a token: the signed-in caller if a token came, or an
 * anonymous visitor. A token that came but was refused (expired, forged) is a 401, never quietly
 * anonymous. With `needsCartToken`, a caller with neither a token nor an `X-Cart-Token` is a 401.
 */
export function visitorOf(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { needsCartToken: boolean },
): Caller {
  const cartToken = cartTokenOf(request);
  const tokenSent = request.headers.authorization !== undefined;
  if (tokenSent || (options.needsCartToken && cartToken === undefined)) return callerOf(request, reply);
  return { principal: undefined, credentials: undefined, cartToken };
}

function cartTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-cart-token'];
  return typeof header === 'string' && header !== '' ? header : undefined;
}
