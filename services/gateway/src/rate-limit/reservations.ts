import type { Decision } from './gcra.ts';
import type { RateRule } from './rate-classes.ts';
import type { RedisRateStore, Reservation } from './redis-store.ts';

/** Unspent reserved tokens are given back after this: a replica never sits on a caller's quota. */
const HOLD_MS = 250;
/** Largest reservation, as a share of the quota: two replicas dropping theirs cost at most 2 × 2 %. */
const BATCH_SHARE = 0.02;
const MAX_BATCH = 64;
const MAX_KEYS = 10_000;

/** One bucket as this replica holds it. */
interface Held {
  /** Reserved in Redis, not yet spent here. */
  tokens: number;
  until: number;
  /** Reserved, lapsed unspent: handed back with the next reservation. */
  lapsed: number;
  /** What the shared bucket had left after the last reservation, and when it will be full. */
  remaining: number;
  resetAt: number;
  /** Size of the next reservation: doubled when one runs out while held, halved when one lapses. */
  batch: number;
  /** The last reservation was refused: refuse here until then. */
  refusedUntil: number;
  pending: Promise<void> | undefined;
}

/**
 * Takes tokens from the shared Redis bucket ahead of demand, so a caller sending many requests
 * costs one round trip per batch, not per request — the guarded hop then stays close to the plain
 * one. Accuracy holds because the reservation is counted in Redis when it is made: replicas can
 * never admit more than the bucket allows together. Tokens a replica held unspent past
 * `HOLD_MS` go back with its next reservation, so the only loss is what a replica still holds
 * when a caller stops or moves away: at most one batch (≤ 2 % of the quota). A quiet caller gets
 * batches of one (every request checked in Redis); only a caller sustaining a stream of requests
 * earns larger ones. Concurrent requests share one reservation in flight.
 */
export class ReservingStore {
  readonly #held = new Map<string, Held>();

  constructor(private readonly redis: RedisRateStore) {}

  async take(key: string, rule: RateRule): Promise<Decision> {
    let held = this.#held.get(key);
    if (!held) {
      held = {
        tokens: 0,
        until: 0,
        lapsed: 0,
        remaining: 0,
        resetAt: 0,
        batch: 1,
        refusedUntil: 0,
        pending: undefined,
      };
      this.#remember(key, held);
    }
    for (;;) {
      const now = Date.now();
      if (held.tokens > 0) {
        if (now < held.until) {
          held.tokens -= 1;
          if (held.tokens === 0) held.batch = Math.min(held.batch * 2, maxBatch(rule));
          return {
            allowed: true,
            remaining: held.remaining + held.tokens,
            resetMs: held.resetAt - now,
            retryAfterMs: 0,
          };
        }
        held.lapsed += held.tokens;
        held.tokens = 0;
        held.batch = Math.max(1, Math.floor(held.batch / 2));
      }
      if (now < held.refusedUntil) return refusal(held, now);
      if (held.pending) {
        await held.pending;
        continue;
      }
      const target = held;
      const returned = held.lapsed;
      held.lapsed = 0;
      held.pending = this.redis
        .reserve(key, rule, Math.min(held.batch, maxBatch(rule)), returned)
        .then((reservation) => record(target, reservation))
        .finally(() => {
          target.pending = undefined;
        });
      await held.pending;
    }
  }

  #remember(key: string, held: Held): void {
    if (this.#held.size >= MAX_KEYS) {
      const now = Date.now();
      for (const [k, h] of this.#held) {
        if (!h.pending && now >= h.until && now >= h.refusedUntil) this.#held.delete(k);
      }
    }
    this.#held.set(key, held);
  }
}

const maxBatch = (rule: RateRule) => Math.max(1, Math.min(MAX_BATCH, Math.floor(rule.quota * BATCH_SHARE)));

function record(held: Held, reservation: Reservation): void {
  const now = Date.now();
  held.remaining = reservation.remaining;
  held.resetAt = now + reservation.resetMs;
  if (reservation.granted === 0) {
    held.refusedUntil = now + reservation.retryAfterMs;
    held.batch = 1;
    return;
  }
  held.tokens = reservation.granted;
  held.until = now + HOLD_MS;
}

function refusal(held: Held, now: number): Decision {
  return { allowed: false, remaining: 0, resetMs: held.resetAt - now, retryAfterMs: held.refusedUntil - now };
}
