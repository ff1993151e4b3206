import { LRUCache } from 'lru-cache';
import type { Principal } from './principal.ts';
import type { TokenVerifier } from './verifier.ts';

export interface TokenCacheOptions {
  /** Verified tokens kept, least recently used dropped first. Default 10 000; 0 turns the cache off. */
  maxEntries?: number;
  /** Longest reuse of one verification, whatever the token's `exp`. Default 300 000 ms. */
  maxAgeMs?: number;
}

/** The token's `exp` in epoch ms, read after the signature verified (so the payload is trusted). */
function expiryOf(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function frozen(principal: Principal): Principal {
  // One object answers many requests: none of them may change it for the others.
  Object.freeze(principal.roles);
  Object.freeze(principal.storeIds);
  Object.freeze(principal.scopes);
  return Object.freeze(principal);
}

/**
 * Remembers tokens that verified, keyed by the token itself, until their `exp`: a repeat costs a
 * map lookup instead of an EdDSA verification (~100 µs, more than the rest of a cached read). A
 * JWT cannot be revoked before `exp` anyway, so this accepts exactly the tokens the verifier
 * would; `maxAgeMs` bounds how long a key withdrawn from the JWKS keeps vouching for tokens
 * already seen (jose keeps a fetched key set about as long). Failures are never cached: an
 * unknown `kid` must reach the verifier so a rotated key is fetched.
 * @example const verifier = cachedVerifier(createTokenVerifier({ jwksUrl, issuer, audience }));
 */
export function cachedVerifier(inner: TokenVerifier, options: TokenCacheOptions = {}): TokenVerifier {
  const maxEntries = options.maxEntries ?? 10_000;
  if (maxEntries <= 0) return inner;
  const maxAgeMs = options.maxAgeMs ?? 300_000;
  const verified = new LRUCache<string, Principal>({ max: maxEntries, ttl: maxAgeMs });
  return {
    async verify(token) {
      const hit = verified.get(token);
      if (hit !== undefined) return hit;
      const principal = frozen(await inner.verify(token));
      const ttl = Math.min((expiryOf(token) ?? 0) - Date.now(), maxAgeMs);
      if (ttl > 0) verified.set(token, principal, { ttl });
      return principal;
    },
  };
}
