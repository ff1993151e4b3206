import CircuitBreaker from 'opossum';
import { DomainError } from '../errors/errors.ts';
import type { Logger } from '../logging/logger.ts';

export interface BreakerOptions {
  /** Share of failed calls in the window, in percent, above which the circuit opens. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls the window must hold before that share counts. Default 10. */
  volumeThreshold?: number;
  /** How long the circuit stays open before it lets one trial call through. Default 10 000 ms. */
  resetTimeoutMs?: number;
  /** Length of the rolling window the share is measured over. Default 10 000 ms. */
  windowMs?: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface Breaker {
  /** Runs `call` unless the circuit is open; a rejection counts as a failure. */
  run<T>(call: () => Promise<T>): Promise<T>;
  readonly state: BreakerState;
  shutdown(): void;
}

/** Stable code of the error thrown while an upstream is unreachable or its circuit is open. */
export const UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE';

/**
 * A circuit breaker around the calls to one upstream (opossum). After too many failures it opens
 * and calls fail at once with `DomainError('unavailable', 'UPSTREAM_UNAVAILABLE')` instead of
 * piling up on a sick service; after `resetTimeoutMs` one trial call decides whether it closes,
 * and the calls that arrive meanwhile wait for that verdict rather than being refused.
 *
 * @example
 * const breaker = createBreaker('catalog', { volumeThreshold: 5 }, log);
 * const product = await breaker.run(() => fetchProduct(42));
 */
export function createBreaker(
  name: string,
  options: BreakerOptions = {},
  log?: Pick<Logger, 'warn' | 'info'>,
): Breaker {
  const windowMs = options.windowMs ?? 10_000;
  const breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
    name,
    timeout: false, // the caller bounds each attempt itself
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 10,
    resetTimeout: options.resetTimeoutMs ?? 10_000,
    rollingCountTimeout: windowMs,
    rollingCountBuckets: 10,
  });
  breaker.on('open', () => log?.warn({ upstream: name }, 'circuit opened: failing fast'));
  breaker.on('halfOpen', () => log?.info({ upstream: name }, 'circuit half-open: trying one call'));
  breaker.on('close', () => log?.info({ upstream: name }, 'circuit closed'));

  /** The one call let through while half-open, until it settles. */
  let trial: Promise<unknown> | undefined;

  async function run<T>(call: () => Promise<T>): Promise<T> {
    // opossum lets one call through when half-open and refuses the others at once. After a
    // quiet spell the first few callers arrive together (the tills of a store reopening after
    // an outage): refused for no reason but timing, they would hear "unavailable" from a
    // service that is back. They wait for the trial's verdict instead, then go or fail fast.
    if (breaker.halfOpen && !breaker.pendingClose && trial) {
      await trial.catch(() => undefined);
      return run(call);
    }
    try {
      const fired = breaker.fire(call);
      if (breaker.halfOpen) {
        trial = fired;
        void fired
          .catch(() => undefined)
          .finally(() => {
            if (trial === fired) trial = undefined;
          });
      }
      return (await fired) as T;
    } catch (error) {
      if (error instanceof Error && CircuitBreaker.isOurError(error)) {
        throw new DomainError('unavailable', UPSTREAM_UNAVAILABLE, `${name} is unavailable (circuit open)`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  return {
    run,
    get state(): BreakerState {
      if (breaker.halfOpen) return 'half-open';
      return breaker.opened ? 'open' : 'closed';
    },
    shutdown: () => breaker.shutdown(),
  };
}
