/** A key-value cache with TTLs: Redis in deployment, an in-process LRU by default. */
export interface Cache {
  readonly kind: 'redis' | 'memory';
  get<T>(key: string): Promise<T | undefined>;
  /** Stores a JSON-serialisable value; the TTL is a safety net, invalidation is explicit. */
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Atomic increment (used for namespace versions that invalidate whole families of keys). */
  incr(key: string): Promise<number>;
  /**
   * Stores `next` (with a fresh TTL) only if `key` still holds `expected`, compared as JSON text,
   * or is absent when `expected` is `undefined`; atomic, so of two writers that read the same
   * value only one stores. Answers whether it stored. The base of optimistic updates: read, change,
   * `compareAndSet`, and read again when it answers `false`.
   * @example
   * const cart = await cache.get<Cart>(key);
   * const stored = await cache.compareAndSet(key, cart, { ...cart, lines: [...cart.lines, line] }, 3600);
   * await cache.compareAndSet('index:42', undefined, 'crt_1', 3600); // only the first claim wins
   */
  compareAndSet<T>(key: string, expected: T | undefined, next: T, ttlSeconds: number): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
