import type { Logger } from '@comptoir/platform';
import type { Decision } from './gcra.ts';
import { MemoryRateStore } from './memory-store.ts';
import type { RateClass, RateRule } from './rate-classes.ts';
import type { RedisRateStore } from './redis-store.ts';

/** The limiter's answer: a decision, or none because Redis is down and the class fails closed. */
export interface RateVerdict {
  rule: RateRule;
  decision: Decision | undefined;
}

/** After a failed check, Redis is not asked again for this long: no per-request error storm. */
const DOWN_FOR_MS = 1_000;
const MAX_REFUSALS = 10_000;

interface Refusal {
  until: number;
  resetAt: number;
}

/**
 * Rate limits by class and caller. With Redis, buckets are shared by every replica; without,
 * they are this process's own. A refusal is remembered here until its `Retry-After`: a bucket's
 * TAT only ever moves forward, so no other replica can make the caller eligible sooner — a
 * client hammering past its limit costs no Redis round trip at all.
 */
export class RateLimiter {
  readonly #local = new MemoryRateStore();
  readonly #refused = new Map<string, Refusal>();
  #downUntil = 0;

  constructor(
    private readonly rules: Readonly<Record<RateClass, RateRule>>,
    private readonly options: { namespace: string; redis: RedisRateStore | undefined; log: Logger },
  ) {}

  async take(rateClass: RateClass, caller: string): Promise<RateVerdict> {
    const rule = this.rules[rateClass];
    const key = `${this.options.namespace}:${rule.name}:${caller}`;
    const redis = this.options.redis;
    if (!redis) return { rule, decision: this.#local.take(key, rule) };
    const now = Date.now();
    const refusal = this.#refused.get(key);
    if (refusal !== undefined) {
      if (now < refusal.until) return { rule, decision: refusedUntil(refusal, now) };
      this.#refused.delete(key);
    }
    if (now < this.#downUntil) return this.#whileDown(rule, key);
    try {
      const decision = await redis.take(key, rule);
      if (!decision.allowed) this.#remember(key, now, decision);
      return { rule, decision };
    } catch (error) {
      if (now >= this.#downUntil) {
        this.options.log.warn(
          { err: error },
          'rate limiter cannot reach Redis: open classes count on this replica, closed ones answer 503',
        );
      }
      this.#downUntil = Date.now() + DOWN_FOR_MS;
      return this.#whileDown(rule, key);
    }
  }

  #whileDown(rule: RateRule, key: string): RateVerdict {
    return { rule, decision: rule.whenDown === 'open' ? this.#local.take(key, rule) : undefined };
  }

  #remember(key: string, now: number, decision: Decision): void {
    if (this.#refused.size >= MAX_REFUSALS) {
      for (const [k, r] of this.#refused) if (r.until <= now) this.#refused.delete(k);
      if (this.#refused.size >= MAX_REFUSALS) return;
    }
    this.#refused.set(key, { until: now + decision.retryAfterMs, resetAt: now + decision.resetMs });
  }
}

function refusedUntil(refusal: Refusal, now: number): Decision {
  return { allowed: false, remaining: 0, resetMs: refusal.resetAt - now, retryAfterMs: refusal.until - now };
}
