import type { Logger } from '@comptoir/platform';
import { type RateClass, type RateRule, rateRules } from './rate-classes.ts';
import { RateLimiter } from './rate-limiter.ts';
import { RedisRateStore } from './redis-store.ts';
import { ReservingStore } from './reservations.ts';

export interface LimiterSettings extends Readonly<Record<string, unknown>> {
  GATEWAY_RATE_LIMIT: 'on' | 'off';
  GATEWAY_RATE_NAMESPACE: string;
  GATEWAY_RATE_REDIS_TIMEOUT_MS: number;
  COMPTOIR_REDIS_URL?: string | undefined;
}

const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * The rate limiter the settings ask for: none when switched off, Redis-backed when
 * `COMPTOIR_REDIS_URL` is set (an unreachable Redis does not stop start-up), in-process otherwise.
 */
export async function createRateLimiter(
  config: LimiterSettings,
  log: Logger,
): Promise<{ limiter: RateLimiter | undefined; rules: Record<RateClass, RateRule>; close(): Promise<void> }> {
  const rules = rateRules(config);
  if (config.GATEWAY_RATE_LIMIT === 'off') return { limiter: undefined, rules, close: async () => {} };
  let redis: RedisRateStore | undefined;
  if (config.COMPTOIR_REDIS_URL) {
    let lastLog = Number.NEGATIVE_INFINITY;
    redis = new RedisRateStore({
      url: config.COMPTOIR_REDIS_URL,
      commandTimeoutMs: config.GATEWAY_RATE_REDIS_TIMEOUT_MS,
      // Reconnection errors repeat while Redis is down: one line per interval is enough.
      onError: (error) => {
        if (Date.now() - lastLog < ERROR_LOG_INTERVAL_MS) return;
        lastLog = Date.now();
        log.warn({ err: error }, 'rate limiter: redis connection error');
      },
    });
    if (!(await redis.connect()))
      log.warn('rate limiter: Redis unreachable at start; retrying in the background');
  }
  const limiter = new RateLimiter(rules, {
    namespace: config.GATEWAY_RATE_NAMESPACE,
    redis: redis ? new ReservingStore(redis) : undefined,
    log,
  });
  return { limiter, rules, close: async () => redis?.close() };
}
