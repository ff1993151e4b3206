import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DomainError } from '../errors/errors.ts';
import { isDomainError } from '../errors/errors.ts';
import type { Principal, Role } from './principal.ts';
import type { TokenVerifier } from './verifier.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, when the request carried a valid `Authorization: Bearer` token. */
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    /** Opts one route of an `authenticated` group out of authentication. */
    public?: boolean;
    /** Within an `authenticated` group: the caller needs at least one of these roles. */
    roles?: readonly Role[];
  }
}

/** Why a request that carried a token has no principal; `requireAuth` reports it. */
const failures = new WeakMap<FastifyRequest, DomainError>();

export function authFailure(request: FastifyRequest): DomainError | undefined {
  return failures.get(request);
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Switches the verifier after start-up (identity verifies with its own keys). */
export interface AuthHandle {
  use(verifier: TokenVerifier): void;
  /** Replaces the verifier in use with one built around it (a cache, say). */
  wrap(wrapper: (current: TokenVerifier) => TokenVerifier): void;
}

/**
 * Installed by the kit on every service: reads `Authorization: Bearer …` and sets
 * `request.principal`. It never rejects a request by itself — a public route works with a stale
 * token — the guards (`authenticated`, `requireAuth`, `requireRole`) do. Other schemes (Basic,
 * ApiKey) are left to the routes that accept them.
 */
export function installAuth(app: FastifyInstance, verifier: TokenVerifier): AuthHandle {
  let current = verifier;
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) return;
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) return;
    try {
      request.principal = await current.verify(token);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      failures.set(request, error);
    }
  });
  return {
    use(next) {
      current = next;
    },
    wrap(wrapper) {
      current = wrapper(current);
    },
  };
}
