import { LRUCache } from 'lru-cache';
import { toJson } from './json.ts';
import type { Cache } from './types.ts';

export interface MemoryCacheOptions {
  /** Upper bound on stored values; the least recently used go first. Default 10 000. */
  maxEntries?: number;
}

/**
 * An in-process LRU cache for one instance (development, tests, a single replica). Values are kept
 * as JSON text, so a caller mutating what it got back cannot change the cache, and a value reads
 * back exactly as it would from Redis (a `Date` becomes a string in both).
 *
 * Counters (`incr`) live apart from the LRU and are never evicted: losing a namespace version
 * would send it back to an old number and revive keys it had invalidated.
 *
 * @example
 * const cache = new MemoryCache({ maxEntries: 1_000 });
 * await cache.set('product:42', { name: 'Café' }, 60);
 * await cache.get<{ name: string }>('product:42'); // → { name: 'Café' }
 */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  readonly #values: LRUCache<string, string>;
  readonly #counters = new Map<string, number>();

  constructor(options: MemoryCacheOptions = {}) {
    this.#values = new LRUCache<string, string>({ max: options.maxEntries ?? 10_000 });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const counter = this.#counters.get(key);
    if (counter !== undefined) return counter as T;
    const json = this.#values.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    const json = toJson(value);
    this.#counters.delete(key);
    this.#values.set(key, json, { ttl: Math.max(1, Math.ceil(ttlSeconds * 1000)) });
  }

  async del(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.#counters.delete(key);
      this.#values.delete(key);
    }
  }

  async incr(key: string): Promise<number> {
    const next = this.#currentCount(key) + 1;
    this.#values.delete(key);
    this.#counters.set(key, next);
    return next;
  }

  async compareAndSet<T>(
    key: string,
    expected: T | undefined,
    next: T,
    ttlSeconds: number,
  ): Promise<boolean> {
    const json = toJson(next);
    const wanted = expected === undefined ? undefined : toJson(expected);
    // Nothing awaits between the read and the write: in one process, that is atomic.
    if (this.#currentJson(key) !== wanted) return false;
    this.#counters.delete(key);
    this.#values.set(key, json, { ttl: Math.max(1, Math.ceil(ttlSeconds * 1000)) });
    return true;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#values.clear();
    this.#counters.clear();
  }

  /** The stored JSON text, as Redis would hold it (a counter is its digits). */
  #currentJson(key: string): string | undefined {
    const counter = this.#counters.get(key);
    return counter !== undefined ? String(counter) : this.#values.get(key);
  }

  /** Like Redis: a missing key counts from 0, a stored integer counts on, anything else is an error. */
  #currentCount(key: string): number {
    const counter = this.#counters.get(key);
    if (counter !== undefined) return counter;
    const json = this.#values.get(key);
    if (json === undefined) return 0;
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new TypeError(`cache key "${key}" does not hold an integer`);
    }
    return value;
  }
}
