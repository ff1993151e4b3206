import { randomUUID } from 'node:crypto';
import { MemoryCache } from '../cache/memory.ts';
import { RedisCache } from '../cache/redis.ts';
import type { Cache } from '../cache/types.ts';

/** A Redis cache of its own namespace, which it deletes on close so test runs leave nothing behind. */
class DisposableRedisCache extends RedisCache {
  override async close(): Promise<void> {
    await this.deleteNamespace().catch(() => undefined);
    await super.close();
  }
}

/**
 * A cache for tests: Redis when `COMPTOIR_REDIS_URL` is set, else in-process. Each call gets a
 * namespace of its own, so test files running in parallel never see each other's keys.
 *
 * @example
 * const cache = await testCache('catalog');
 * afterAll(() => cache.close());
 */
export async function testCache(service: string): Promise<Cache> {
  const url = process.env.COMPTOIR_REDIS_URL;
  if (!url) return new MemoryCache();
  const cache = new DisposableRedisCache({ url, namespace: `test-${service}-${randomUUID()}` });
  if (!(await cache.connect())) {
    await cache.close();
    throw new Error(`COMPTOIR_REDIS_URL is set but Redis at ${url} is unreachable`);
  }
  return cache;
}
