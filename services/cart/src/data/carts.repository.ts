import type { Cache } from '@comptoir/platform';
import { storageUnavailable } from '../domain/errors.ts';
import type { CartOwner, CartRecord, CartRepository } from '../domain/ports.ts';

/*
 * Carts live in the service's cache — Redis in deployment (every key under the service's
 * namespace, `cart:`), an in-process LRU when embedded — each with a time to live that every
 * write starts again:
 *
 *   carts:<cartId>             the cart, as the API answers it, with what it never shows (an
 *                              anonymous cart's token hash, merge bookkeeping)
 *   session-carts:<session>    the id of the session's cart
 *   customer-carts:<customer>  the id of the customer's cart
 *
 * Every write is the kit's compare-and-set, atomic on both (one Lua step on Redis).
 */

const cartKey = (id: string) => `carts:${id}`;
const ownerKey = (owner: CartOwner) => `${owner.kind}-carts:${owner.id}`;

/**
 * What a discarded cart leaves for a minute: a compare-and-set can replace it conditionally (an
 * `If-Match` delete is exact), and a writer that read the cart before finds it changed.
 */
const DISCARDED = { discarded: true } as const;
const DISCARDED_TTL_SECONDS = 60;

type Stored = CartRecord | typeof DISCARDED;

/**
 * The repository over the cache. A cache that cannot answer (Redis gone) is the store being down:
 * every call then fails with `CART_STORAGE_UNAVAILABLE` (503, retry later), never a 500.
 */
export function cartRepository(cache: Cache, ttlSeconds: number): CartRepository {
  return reportingOutages(cartsIn(cache, ttlSeconds));
}

function reportingOutages(repository: CartRepository): CartRepository {
  const guarded = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(repository) as [
    string,
    (...args: unknown[]) => Promise<unknown>,
  ][]) {
    guarded[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (error) {
        throw storageUnavailable(error instanceof Error ? error.message : String(error));
      }
    };
  }
  return guarded as unknown as CartRepository;
}

function cartsIn(cache: Cache, ttlSeconds: number): CartRepository {
  return {
    async find(id) {
      const stored = await cache.get<Stored>(cartKey(id));
      return stored === undefined || 'discarded' in stored ? undefined : stored;
    },
    async cartIdOf(owner) {
      return cache.get<string>(ownerKey(owner));
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
    claim(owner, cartId, expected) {
      return cache.compareAndSet(ownerKey(owner), expected, cartId, ttlSeconds);
    },
    async keep(owner, cartId) {
      await cache.compareAndSet(ownerKey(owner), cartId, cartId, ttlSeconds);
    },
  };
}
