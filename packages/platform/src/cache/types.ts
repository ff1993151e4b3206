/** A key-value cache with TTLs: Redis in deployment, an in-process LRU by default. */
export interface Cache {
  readonly kind: 'redis' | 'memory';
  get<T>(key: string): Promise<T | undefined>;
  /** Stores a JSON-serialisable value; the TTL is a safety net, invalidation is explicit. */
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Atomic increment (used for namespace versions that invalidate whole families of keys). */
  incr(key: string): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
