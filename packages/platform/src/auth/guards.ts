import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/errors.ts';
import type { HttpApp } from '../http/app.ts';
import { authFailure } from './plugin.ts';
import { hasRole, type Principal, type Role } from './principal.ts';

const forbidden = () =>
  new DomainError('forbidden', 'AUTH_FORBIDDEN', 'You are signed in but not allowed to do this.');

/** The caller, or a 401 saying why there is none (no token, or why the token was refused). */
export function principalOf(request: FastifyRequest, reply?: FastifyReply): Principal {
  if (request.principal) return request.principal;
  const failure = authFailure(request);
  // RFC 6750 §3: a 401 names the scheme the client should use.
  reply?.header('www-authenticate', failure ? 'Bearer error="invalid_token"' : 'Bearer');
  throw (
    failure ??
    new DomainError(
      'unauthenticated',
      'AUTH_REQUIRED',
      'Sign in: this needs an access token (Authorization: Bearer).',
    )
  );
}

/**
 * A hook refusing callers without a valid token (401).
 * @example app.get('/me', { preHandler: requireAuth() }, handler)
 */
export function requireAuth() {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    principalOf(request, reply);
  };
}

/**
 * A hook letting through callers with at least one of `roles` (401 without a token, 403 `AUTH_FORBIDDEN` otherwise).
 * @example app.post('/keys/rotate', { preHandler: requireRole('admin') }, handler)
 */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!hasRole(principalOf(request, reply), ...roles)) throw forbidden();
  };
}

/**
 * Ownership check inside a handler: the caller is `ownerId`, or holds one of `roles`.
 * @example const user = requireSelfOrRole(request, request.params.id, 'admin');
 */
export function requireSelfOrRole(request: FastifyRequest, ownerId: string, ...roles: Role[]): Principal {
  const principal = principalOf(request);
  if (principal.subject !== ownerId && !hasRole(principal, ...roles)) throw forbidden();
  return principal;
}

/**
 * A group of routes where authentication is on by default (STYLE rule 10): every route needs a
 * valid token unless it says `config: { public: true }`, and `config: { roles }` narrows it to
 * those roles. Checked in `onRequest`, before the body is even read.
 * @example
 * await app.register(authenticated(async (group) => {
 *   group.get('/users/me', handler);                               // any signed-in caller
 *   group.get('/users', { config: { roles: ['admin'] } }, list);   // admins only
 *   group.post('/sessions', { config: { public: true } }, signIn); // anyone
 * }));
 */
export function authenticated<O extends Record<string, unknown> = Record<never, never>>(
  routes: (group: HttpApp, options: O) => Promise<void> | void,
): FastifyPluginAsync<O> {
  return async (instance, options) => {
    const group = instance.withTypeProvider<TypeBoxTypeProvider>();
    // The OpenAPI document says which operations take a token (the scheme is the kit's `bearerAuth`).
    group.addHook('onRoute', (route) => {
      if (route.config?.public || !route.schema || route.schema.hide) return;
      route.schema = { ...route.schema, security: [{ bearerAuth: [] }] };
    });
    group.addHook('onRequest', async (request, reply) => {
      const { public: open, roles } = request.routeOptions.config;
      if (open) return;
      const principal = principalOf(request, reply);
      if (roles && !hasRole(principal, ...roles)) throw forbidden();
    });
    await routes(group, options);
  };
}
