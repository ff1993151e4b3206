import type { Cart } from '@comptoir/contracts';
import type { Cache } from '@comptoir/platform';
import type { CartRepository } from '../domain/ports.ts';

/*
 * Carts live in the service's cache — Redis in deployment (every key under the service's
 * namespace, `cart:`), an in-process LRU when embedded — each with a time to live that every
 * write starts again:
 *
 *   carts:<cartId>           the cart, as the API answers it
 *   session-carts:<session>  the id of the session's cart
 *
 * Every write is the kit's compare-and-set, atomic on both (one Lua step on Redis).
 */

const cartKey = (id: string) => `carts:${id}`;
const sessionKey = (sessionId: string) => `session-carts:${sessionId}`;

/**
 * What a discarded cart leaves for a minute: a compare-and-set can replace it conditionally (an
 * `If-Match` delete is exact), and a writer that read the cart before finds it changed.
 */
const DISCARDED = { discarded: true } as const;
const DISCARDED_TTL_SECONDS = 60;

type Stored = Cart | typeof DISCARDED;

export function cartRepository(cache: Cache, ttlSeconds: number): CartRepository {
  return {
    async find(id) {
      const stored = await cache.get<Stored>(cartKey(id));
      return stored === undefined || 'discarded' in stored ? undefined : stored;
    },
    async cartIdOfSession(sessionId) {
      return cache.get<string>(sessionKey(sessionId));
    },
    async insert(cart) {
      await cache.compareAndSet(cartKey(cart.id), undefined, cart, ttlSeconds);
    },
    replace(current, next) {
      return cache.compareAndSet(cartKey(current.id), current, next, ttlSeconds);
    },
    discard(current) {
      return cache.compareAndSet<Stored>(cartKey(current.id), current, DISCARDED, DISCARDED_TTL_SECONDS);
    },
    claimSession(sessionId, cartId, expected) {
      return cache.compareAndSet(sessionKey(sessionId), expected, cartId, ttlSeconds);
    },
    async keepSession(sessionId, cartId) {
      await cache.compareAndSet(sessionKey(sessionId), cartId, cartId, ttlSeconds);
    },
  };
}
