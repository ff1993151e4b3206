import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger.ts';
import type { Cache } from './types.ts';

export interface CacheAsideOptions {
  /** Where cache failures are reported (at most one line per 10 s while they last). */
  log?: Pick<Logger, 'warn'>;
  /** Told whether each lookup was a hit; the metrics module counts them. */
  onResult?: (hit: boolean) => void;
  /**
   * Deletes invalidated keys a second time after this delay, undoing a stale value written by a
   * load that another replica started before the invalidation. Default 1 000 ms; 0 turns it off.
   */
  redeleteAfterMs?: number;
  /** `false` reads straight through (every lookup a miss): for diagnosis and for benchmarks. */
  enabled?: boolean;
}

/** Set when the key is invalidated while loading: the loaded value may predate the change. */
interface Staleness {
  stale: boolean;
}

interface Flight {
  readonly promise: Promise<unknown>;
  readonly staleness: Staleness;
}

const LOG_INTERVAL_MS = 10_000;
const FAILED = Symbol('cache operation failed');
const versionKey = (namespace: string) => `namespace-version:${namespace}`;

/**
 * Read-through caching for JSON data. A miss calls `load` once however many callers ask at the same
 * time (single-flight), and a broken cache only costs speed: errors are logged and the value is
 * loaded, never thrown at the caller. `undefined` is never cached.
 *
 * Invalidation races are closed in two ways. In this process, a key invalidated while it loads is
 * not stored. Across replicas, `invalidate` deletes again after `redeleteAfterMs`; and keys built
 * with `namespaceKey` are immune, because a load that started before `bumpNamespace` writes under
 * the old version, which nobody reads any more.
 *
 * @example
 * const aside = new CacheAside(cache, { log, onResult: (hit) => metrics.cacheLookup(hit) });
 * const product = await aside.get(`product:${id}`, 300, () => products.find(id));
 * await aside.invalidate(`product:${id}`);
 *
 * const key = `${await aside.namespaceKey('search')}:${query}`;
 * const page = await aside.get(key, 60, () => products.search(query));
 * await aside.bumpNamespace('search'); // every search result is now a miss
 */
export class CacheAside {
  readonly #cache: Cache;
  readonly #options: CacheAsideOptions;
  readonly #flights = new Map<string, Flight>();
  #lastLogAt = Number.NEGATIVE_INFINITY;
  #unlogged = 0;

  constructor(cache: Cache, options: CacheAsideOptions = {}) {
    this.#cache = cache;
    this.#options = options;
  }

  /** The cached value of `key`, or what `load` returns (then cached for `ttlSeconds`). */
  get<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    if (this.#options.enabled === false) {
      this.#options.onResult?.(false);
      return load();
    }
    const current = this.#flights.get(key);
    // Joiners get their own copy, as a hit would: one caller's mutation must not reach another.
    if (current) return current.promise.then((value) => copyOf(value) as T);
    const staleness: Staleness = { stale: false };
    const promise = this.#readThrough(key, ttlSeconds, load, staleness).finally(() => {
      if (this.#flights.get(key)?.staleness === staleness) this.#flights.delete(key);
    });
    this.#flights.set(key, { promise, staleness });
    return promise;
  }

  /** Forgets `keys`; loads of them already running will not store what they read. */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    for (const key of keys) {
      const flight = this.#flights.get(key);
      if (!flight) continue;
      flight.staleness.stale = true;
      this.#flights.delete(key);
    }
    await this.#quietly('del', () => this.#cache.del(...keys));
    const delay = this.#options.redeleteAfterMs ?? 1_000;
    if (delay > 0) {
      setTimeout(() => void this.#quietly('del', () => this.#cache.del(...keys)), delay).unref();
    }
  }

  /**
   * The current prefix for a family of keys that cannot be listed (`search:v7`). If the version
   * cannot be read, a one-off prefix: the lookup misses rather than risk an old version's data.
   */
  async namespaceKey(namespace: string): Promise<string> {
    const version = await this.#quietly('get', () => this.#cache.get<number>(versionKey(namespace)));
    if (version === FAILED) return `${namespace}:unversioned-${randomUUID()}`;
    return `${namespace}:v${version ?? 0}`;
  }

  /** Invalidates every key built with `namespaceKey(namespace)` so far. */
  async bumpNamespace(namespace: string): Promise<void> {
    await this.#quietly('incr', () => this.#cache.incr(versionKey(namespace)));
  }

  async #readThrough<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
    staleness: Staleness,
  ): Promise<T> {
    const cached = await this.#quietly('get', () => this.#cache.get<T>(key));
    if (cached !== undefined && cached !== FAILED) {
      this.#options.onResult?.(true);
      return cached;
    }
    this.#options.onResult?.(false);
    const value = await load();
    if (value !== undefined && !staleness.stale) {
      await this.#quietly('set', () => this.#cache.set(key, value, ttlSeconds));
    }
    return value;
  }

  /** Runs a cache operation; a failure is logged and answered with `FAILED`. */
  async #quietly<R>(operation: string, run: () => Promise<R>): Promise<R | typeof FAILED> {
    try {
      return await run();
    } catch (error) {
      this.#report(operation, error);
      return FAILED;
    }
  }

  /** A down Redis fails every lookup: one line per interval says so without flooding the log. */
  #report(operation: string, error: unknown): void {
    const now = Date.now();
    if (now - this.#lastLogAt < LOG_INTERVAL_MS) {
      this.#unlogged += 1;
      return;
    }
    this.#options.log?.warn(
      { err: error, operation, suppressed: this.#unlogged },
      'cache unavailable; loading from the source',
    );
    this.#lastLogAt = now;
    this.#unlogged = 0;
  }
}

function copyOf(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
