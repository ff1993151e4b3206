import { type Decision, gcraTake } from './gcra.ts';
import type { RateRule } from './rate-classes.ts';

const MAX_BUCKETS = 100_000;

/**
 * Buckets in this process: the limiter when no Redis is configured, and the fallback of `open`
 * classes while Redis is down. Bounded: past `MAX_BUCKETS`, buckets already full (TAT in the
 * past, nothing to remember) are dropped, then the oldest.
 */
export class MemoryRateStore {
  readonly #tats = new Map<string, number>();

  take(key: string, rule: RateRule, now = Date.now()): Decision {
    const { decision, tat } = gcraTake(this.#tats.get(key), now, rule.quota, rule.windowMs);
    if (decision.allowed) {
      this.#tats.delete(key); // re-inserted last: the map's order is by last use
      this.#tats.set(key, tat);
      if (this.#tats.size > MAX_BUCKETS) this.#sweep(now);
    }
    return decision;
  }

  #sweep(now: number): void {
    for (const [key, tat] of this.#tats) if (tat <= now) this.#tats.delete(key);
    while (this.#tats.size > MAX_BUCKETS) {
      const oldest = this.#tats.keys().next();
      if (oldest.done) break;
      this.#tats.delete(oldest.value);
    }
  }
}
