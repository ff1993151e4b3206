import { type DomainError, hasRole, principalOf } from '@comptoir/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ApiKeyResolver, apiKeyDigest } from '../auth/api-keys.ts';
import { GuardErrors } from '../errors.ts';
import type { PolicyMatcher } from '../policy/policy-matcher.ts';
import type { Access } from '../policy/route-policy.ts';
import type { RateClass } from '../rate-limit/rate-classes.ts';
import { retryAfterSeconds, setRateLimitHeaders } from '../rate-limit/rate-limit-headers.ts';
import type { RateLimiter } from '../rate-limit/rate-limiter.ts';
import { clientIp } from './client-ip.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The route class's upstream timeout, when it has one; the hop uses the service's otherwise. */
    upstreamTimeoutMs: number | undefined;
    /** The route policy marks the answer a stream (SSE): its body is bounded by idleness only. */
    upstreamStream: boolean;
  }
}

export interface GuardOptions {
  policy: PolicyMatcher;
  /** Upstream timeouts of the route classes that override the service's. */
  timeouts: Partial<Record<RateClass, number>>;
  apiKeys: ApiKeyResolver;
  /** Absent when rate limiting is switched off. */
  limiter: RateLimiter | undefined;
  trustForwarded: boolean;
  onRefused?: (reason: 'unauthenticated' | 'forbidden' | 'rate_limited' | 'limiter_unavailable') => void;
}

const API_KEY = /^ApiKey +(\S+)$/i;

interface Caller {
  /** The rate-limit bucket: per API key, else per user or client, else per address. */
  bucket: string;
  /** Why a presented credential was refused, reported only where the route needs one. */
  failure?: DomainError;
}

/**
 * `Authorization: ApiKey <key>` becomes the caller and a forwarded `Bearer` JWT; the key itself
 * never goes upstream. A bearer token was already read by the kit's auth hook (through the
 * gateway's cache of verified tokens) into `request.principal`.
 */
async function identify(
  request: FastifyRequest,
  apiKeys: ApiKeyResolver,
  trustForwarded: boolean,
): Promise<Caller> {
  const header = request.headers.authorization;
  const key = header === undefined ? undefined : API_KEY.exec(header)?.[1];
  if (key !== undefined) {
    const digest = apiKeyDigest(key);
    const holder = await apiKeys.resolve(key, digest);
    if (holder) {
      request.principal = holder.principal;
      request.headers.authorization = `Bearer ${holder.accessToken}`;
      return { bucket: `key:${digest}` };
    }
    delete request.headers.authorization;
    // An unknown key gets no bucket of its own: guessing keys is limited per address.
    return { bucket: `ip:${clientIp(request, trustForwarded)}`, failure: GuardErrors.invalidApiKey() };
  }
  const principal = request.principal;
  if (principal) return { bucket: `sub:${principal.subject}` };
  return { bucket: `ip:${clientIp(request, trustForwarded)}` };
}

function authorize(request: FastifyRequest, reply: FastifyReply, access: Access, caller: Caller): void {
  if (access === 'public') return;
  if (caller.failure) {
    reply.header('www-authenticate', 'ApiKey error="invalid_key"');
    throw caller.failure;
  }
  const principal = principalOf(request, reply);
  if (access !== 'authenticated' && !hasRole(principal, ...access)) throw GuardErrors.forbidden();
}

/**
 * The gateway's guard for every `/api/<service>/*` and `/api/views/*` request, in `onRequest`
 * (before any body is read): identify the caller, meter it, then apply the route policy.
 * Metering comes before the 401/403 so that failed attempts are limited too.
 */
export function installGuard(scope: FastifyInstance, options: GuardOptions): void {
  const refused = options.onRefused ?? (() => {});
  scope.decorateRequest('upstreamTimeoutMs', undefined);
  scope.decorateRequest('upstreamStream', false);
  scope.addHook('onRequest', async (request, reply) => {
    const route = options.policy.decide(request.method, request.url);
    request.upstreamTimeoutMs = options.timeouts[route.rate];
    request.upstreamStream = route.stream;
    const caller = await identify(request, options.apiKeys, options.trustForwarded);
    if (options.limiter) {
      const { rule, decision } = await options.limiter.take(route.rate, caller.bucket);
      if (!decision) {
        refused('limiter_unavailable');
        throw GuardErrors.limiterUnavailable(rule.name);
      }
      setRateLimitHeaders(reply, rule, decision);
      if (!decision.allowed) {
        refused('rate_limited');
        throw GuardErrors.rateLimited(rule.name, retryAfterSeconds(decision));
      }
    }
    try {
      authorize(request, reply, route.access, caller);
    } catch (error) {
      refused(reply.hasHeader('www-authenticate') ? 'unauthenticated' : 'forbidden');
      throw error;
    }
  });
}
