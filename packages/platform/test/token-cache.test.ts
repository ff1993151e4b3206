import { describe, expect, it } from 'vitest';
import { cachedVerifier } from '../src/auth/token-cache.ts';
import type { TokenVerifier } from '../src/auth/verifier.ts';
import { DomainError } from '../src/errors/errors.ts';

/** A token whose payload carries `exp`; the cache reads it only after the inner verifier accepted the token. */
const tokenExpiringIn = (seconds: number, id = 'a') =>
  `h.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + seconds, id })).toString('base64url')}.s`;

function countingVerifier(accept = true): TokenVerifier & { calls: number } {
  const verifier = {
    calls: 0,
    async verify() {
      verifier.calls++;
      if (!accept) throw new DomainError('unauthenticated', 'AUTH_INVALID_TOKEN', 'no');
      return {
        subject: 'usr_1',
        kind: 'user' as const,
        roles: ['customer' as const],
        storeIds: [],
        scopes: [],
      };
    },
  };
  return verifier;
}

describe('the cache of verified tokens', () => {
  it('verifies a token once and answers its repeats from memory, with a principal nobody can change', async () => {
    const inner = countingVerifier();
    const verifier = cachedVerifier(inner);
    const token = tokenExpiringIn(600);
    const first = await verifier.verify(token);
    const again = await verifier.verify(token);
    expect(inner.calls).toBe(1);
    expect(again).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.roles)).toBe(true);
  });

  it('never caches a refusal', async () => {
    const inner = countingVerifier(false);
    const verifier = cachedVerifier(inner);
    const token = tokenExpiringIn(600);
    await expect(verifier.verify(token)).rejects.toThrow(DomainError);
    await expect(verifier.verify(token)).rejects.toThrow(DomainError);
    expect(inner.calls).toBe(2);
  });

  it('keeps a token no longer than its exp, nor than maxAgeMs', async () => {
    const inner = countingVerifier();
    const short = cachedVerifier(inner, { maxAgeMs: 50 });
    const token = tokenExpiringIn(600, 'b');
    await short.verify(token);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await short.verify(token);
    expect(inner.calls).toBe(2);
    const expiring = cachedVerifier(inner);
    const gone = tokenExpiringIn(-1, 'c');
    await expiring.verify(gone);
    await expiring.verify(gone);
    expect(inner.calls).toBe(4);
  });
});
