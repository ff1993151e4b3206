import type { Logger } from '../logging/logger.ts';
import { MemoryCache } from './memory.ts';
import { RedisCache } from './redis.ts';
import type { Cache } from './types.ts';

export interface CacheOptions {
  /** The service name: the namespace of every Redis key (`catalog:product:42`). */
  service: string;
  /** Redis URL; without one the cache is an in-process LRU. */
  url?: string;
  /** Bound of the in-process LRU; default 10 000. */
  maxEntries?: number;
  /** Where Redis connection errors are reported. */
  log?: Pick<Logger, 'warn'>;
}

/**
 * The service's cache: Redis when a URL is configured, else an in-process LRU. An unreachable Redis
 * does not stop start-up: operations fail fast (read as misses by `CacheAside`) until it is back.
 *
 * @example
 * const cache = await createCache({ service: 'catalog', url: config.redisUrl });
 * const aside = new CacheAside(cache, { log });
 */
export async function createCache(options: CacheOptions): Promise<Cache> {
  if (!options.url) return new MemoryCache({ maxEntries: options.maxEntries });
  const { log } = options;
  const cache = new RedisCache({
    url: options.url,
    namespace: options.service,
    onError: (error) => log?.warn({ err: error }, 'redis connection error'),
  });
  await cache.connect();
  return cache;
}

export { CacheAside, type CacheAsideOptions } from './cache-aside.ts';
export { MemoryCache, type MemoryCacheOptions } from './memory.ts';
export { RedisCache, type RedisCacheOptions } from './redis.ts';
export type { Cache } from './types.ts';
