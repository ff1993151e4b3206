import type { Logger } from '@comptoir/platform';
import type { Decision } from './gcra.ts';
import { MemoryRateStore } from './memory-store.ts';
import type { RateClass, RateRule } from './rate-classes.ts';
import type { ReservingStore } from './reservations.ts';

/** The limiter's answer: a decision, or none because Redis is down and the class fails closed. */
export interface RateVerdict {
  rule: RateRule;
  decision: Decision | undefined;
}

/** After a failed check, Redis is not asked again for this long: no per-request error storm. */
const DOWN_FOR_MS = 1_000;

/**
 * Rate limits by class and caller. With Redis, buckets are shared by every replica (through
 * reservations, see `ReservingStore`); without, they are this process's own. While Redis is
 * unreachable, `open` classes count on this replica's buckets and `closed` ones get no decision.
 */
export class RateLimiter {
  readonly #local = new MemoryRateStore();
  #downUntil = 0;

  constructor(
    private readonly rules: Readonly<Record<RateClass, RateRule>>,
    private readonly options: { namespace: string; redis: ReservingStore | undefined; log: Logger },
  ) {}

  async take(rateClass: RateClass, caller: string): Promise<RateVerdict> {
    const rule = this.rules[rateClass];
    const key = `${this.options.namespace}:${rule.name}:${caller}`;
    const redis = this.options.redis;
    if (!redis) return { rule, decision: this.#local.take(key, rule) };
    if (Date.now() < this.#downUntil) return this.#whileDown(rule, key);
    try {
      return { rule, decision: await redis.take(key, rule) };
    } catch (error) {
      if (Date.now() >= this.#downUntil) {
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
}
