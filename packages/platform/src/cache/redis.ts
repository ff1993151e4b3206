import { Redis } from 'ioredis';
import { toJson } from './json.ts';
import type { Cache } from './types.ts';

export interface RedisCacheOptions {
  /** `redis://host:port/db`. */
  url: string;
  /** Prefix of every key (the service name), so services sharing one Redis never collide. */
  namespace: string;
  /** Longest wait for a command before it fails; default 1 000 ms. */
  commandTimeoutMs?: number;
  /** Called on connection errors (they repeat while Redis is down; commands fail meanwhile). */
  onError?: (error: Error) => void;
}

/** SET with EX when the key holds ARGV[1]; run by Redis as one step. `eval` prefixes KEYS[1] too. */
const COMPARE_AND_SET = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0`;

/**
 * The cache over Redis, shared by every replica of a service. Built to fail fast: while Redis is
 * unreachable commands are rejected at once instead of queueing (callers treat a cache error as a
 * miss), and the client keeps reconnecting in the background with capped back-off.
 *
 * @example
 * const cache = new RedisCache({ url: 'redis://127.0.0.1:6379', namespace: 'catalog' });
 * await cache.connect();
 * await cache.set('product:42', { name: 'Café' }, 60); // SET catalog:product:42 '{"name":"Café"}' EX 60
 */
export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(options: RedisCacheOptions) {
    this.#prefix = `${options.namespace}:`;
    this.#redis = new Redis(options.url, {
      keyPrefix: this.#prefix,
      lazyConnect: true,
      connectTimeout: 2_000,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      // No offline queue: a request must not wait for a Redis that may never come back.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 5_000),
    });
    // Without a listener ioredis prints every failed reconnection to stderr.
    this.#redis.on('error', (error: Error) => options.onError?.(error));
  }

  /**
   * Opens the connection. Resolves `true` once ready, `false` if Redis is unreachable: a service
   * still starts without its cache, and the client keeps trying in the background.
   */
  async connect(): Promise<boolean> {
    try {
      await this.#redis.connect();
      return true;
    } catch {
      return false;
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    const json = await this.#redis.get(key);
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    await this.#redis.set(key, toJson(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  async del(...keys: string[]): Promise<void> {
    if (keys.length > 0) await this.#redis.del(...keys);
  }

  async incr(key: string): Promise<number> {
    return this.#redis.incr(key);
  }

  async compareAndSet<T>(
    key: string,
    expected: T | undefined,
    next: T,
    ttlSeconds: number,
  ): Promise<boolean> {
    const json = toJson(next);
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    const stored =
      expected === undefined
        ? await this.#redis.set(key, json, 'EX', ttl, 'NX')
        : await this.#redis.eval(COMPARE_AND_SET, 1, key, toJson(expected), json, ttl);
    return stored === 'OK' || stored === 1;
  }

  async ping(): Promise<void> {
    await this.#redis.ping();
  }

  /** Deletes every key of this namespace (tests clean up after themselves with it). */
  async deleteNamespace(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.#redis.scan(cursor, 'MATCH', `${this.#prefix}*`, 'COUNT', 500);
      cursor = next;
      // SCAN answers full keys, while DEL adds the prefix again.
      if (keys.length > 0) await this.del(...keys.map((key) => key.slice(this.#prefix.length)));
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect();
    }
  }
}
