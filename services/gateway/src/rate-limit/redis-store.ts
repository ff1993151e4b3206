import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { GCRA_SCRIPT } from './gcra.ts';
import type { RateRule } from './rate-classes.ts';

const SHA = createHash('sha1').update(GCRA_SCRIPT).digest('hex');

/** Tokens taken from a shared bucket in one go. */
export interface Reservation {
  /** 0 when the bucket had none: the request is refused. */
  granted: number;
  /** Tokens left in the bucket after this reservation. */
  remaining: number;
  resetMs: number;
  retryAfterMs: number;
}

export interface RedisRateStoreOptions {
  url: string;
  /** A check slower than this fails (and counts as Redis being down). */
  commandTimeoutMs: number;
  onError: (error: Error) => void;
}

const isNoScript = (error: unknown) => error instanceof Error && error.message.startsWith('NOSCRIPT');

/**
 * Buckets in Redis, shared by every gateway replica: one `EVALSHA` of the GCRA script per
 * reservation, atomic, one round trip. The client pipelines automatically — the checks of concurrent requests
 * leave in one write — and never queues while disconnected: a check fails at once and the
 * limiter applies the class's `WHEN_DOWN`. The gateway talks to Redis itself (not through the
 * kit's cache) because this is a script, not a key-value read.
 */
export class RedisRateStore {
  readonly #redis: Redis;

  constructor(options: RedisRateStoreOptions) {
    this.#redis = new Redis(options.url, {
      lazyConnect: true,
      connectTimeout: 2_000,
      commandTimeout: options.commandTimeoutMs,
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
    });
    this.#redis.on('error', options.onError);
  }

  /** Connects; `false` when Redis is unreachable (the gateway starts anyway and keeps trying). */
  async connect(): Promise<boolean> {
    try {
      await this.#redis.connect();
      return true;
    } catch {
      return false;
    }
  }

  /** Gives back `returned` lapsed tokens and takes up to `wanted`, in one atomic round trip. */
  async reserve(key: string, rule: RateRule, wanted: number, returned = 0): Promise<Reservation> {
    const args = [rule.quota, rule.windowMs, wanted, returned] as const;
    let reply: unknown;
    try {
      reply = await this.#redis.evalsha(SHA, 1, key, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      reply = await this.#redis.eval(GCRA_SCRIPT, 1, key, ...args);
    }
    const [granted, remaining, resetMs, retryAfterMs] = reply as [number, number, number, number];
    return { granted, remaining, resetMs, retryAfterMs };
  }

  async close(): Promise<void> {
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect();
    }
  }
}
