import { createHash } from 'node:crypto';
import { DomainError, type Principal, type TokenVerifier } from '@comptoir/platform';
import type { ServiceClients } from '../upstreams/service-clients.ts';
import { LruMap } from './lru-map.ts';

/** What identity's `POST /api-keys/introspect` answers. */
interface Introspection {
  active: boolean;
  accessToken?: string;
  expiresIn?: number;
}

/** An active key: who holds it, and the short-lived JWT identity minted for it. */
export interface ApiKeyCaller {
  principal: Principal;
  accessToken: string;
}

interface Entry {
  caller: ApiKeyCaller;
  until: number;
}

/** The minted token is forwarded with at least this much life left. */
const TOKEN_MARGIN_MS = 30_000;
const MAX_CACHED_KEYS = 10_000;

const unavailable = () =>
  new DomainError(
    'unavailable',
    'GATEWAY_API_KEY_CHECK_UNAVAILABLE',
    'The API key could not be checked right now; try again.',
  );

/** A key's digest: its cache entry and rate-limit bucket, so the key itself is never kept. */
export function apiKeyDigest(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

/**
 * Turns `Authorization: ApiKey <key>` into the caller and a JWT to forward, so services only
 * ever verify JWTs. Identity is asked once per key and the answer reused for at most `cacheMs`
 * (and never past 30 s before the minted token expires): the revocation delay is that bound.
 * Concurrent first requests with one key share a single introspection. Inactive answers are not
 * cached, so a key created a second ago works at once.
 */
export class ApiKeyResolver {
  readonly #cache = new LruMap<string, Entry>(MAX_CACHED_KEYS);
  readonly #inflight = new Map<string, Promise<ApiKeyCaller | undefined>>();

  constructor(
    private readonly services: ServiceClients,
    /** The gateway's own: the caller is read from the minted token, like any other. */
    private readonly verifier: TokenVerifier,
    private readonly cacheMs: number,
  ) {}

  /** The caller holding `key`, or `undefined` for an unknown, revoked or malformed key. */
  resolve(key: string, digest: string): Promise<ApiKeyCaller | undefined> {
    const hit = this.#cache.get(digest);
    if (hit !== undefined && hit.until > Date.now()) return Promise.resolve(hit.caller);
    let flight = this.#inflight.get(digest);
    if (!flight) {
      flight = this.#introspect(key, digest).finally(() => this.#inflight.delete(digest));
      this.#inflight.set(digest, flight);
    }
    return flight;
  }

  async #introspect(key: string, digest: string): Promise<ApiKeyCaller | undefined> {
    const identity = this.services.for('identity');
    if (!identity) throw unavailable();
    // Introspection changes nothing but a last-used time: safe to retry like a read.
    const response = await identity
      .post<Introspection>('/api-keys/introspect', { key }, { headers: { 'idempotency-key': digest } })
      .catch(() => {
        throw unavailable();
      });
    const body = response.body;
    if (response.status !== 200 || body === undefined) throw unavailable();
    if (!body.active || !body.accessToken) {
      this.#cache.delete(digest);
      return undefined;
    }
    // A minted token that does not verify here is a configuration fault (issuer, audience, keys), not the caller's.
    const principal = await this.verifier.verify(body.accessToken).catch(() => {
      throw unavailable();
    });
    const caller = { principal, accessToken: body.accessToken };
    const tokenLife = (body.expiresIn ?? 0) * 1000 - TOKEN_MARGIN_MS;
    const keepMs = Math.min(this.cacheMs, tokenLife);
    if (keepMs > 0) this.#cache.set(digest, { caller, until: Date.now() + keepMs });
    return caller;
  }
}
