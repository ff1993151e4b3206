import { type TSchema, Type } from '@comptoir/platform';

/** What a class does while Redis is unreachable: keep serving on this replica's own count, or refuse. */
export type WhenDown = 'open' | 'closed';

/**
 * Route classes, each with its own quota. A quota `q/w` is a token bucket of `q` requests
 * refilled at `q` per `w`: the burst is `q`, the sustained rate `q/w` — and it is exactly what
 * the `RateLimit-Policy` header announces (`q=…;w=…`).
 *
 * When Redis is down, `open` classes fall back to this replica's in-process bucket (the limit
 * then holds per replica, so N replicas let N times as much through) and `closed` ones answer
 * 503: sign-in and token requests lose their brute-force shield otherwise, and checkout is where
 * card testing happens. Browsing and ordinary writes stay up — a Redis outage must not stop the shops.
 */
export const RATE_CLASSES = {
  /** Reads: a POS screen or a product page fires several at once. */
  browse: { quota: '300/10s', whenDown: 'open' },
  /** Sign-up, sign-in, refresh, verification, OAuth token, key introspection. */
  auth: { quota: '30/60s', whenDown: 'closed' },
  /** Writes; sized so the demo seed (≈ 230 writes by one admin at start) goes through. */
  write: { quota: '300/60s', whenDown: 'open' },
  /** Placing orders and payments, when those services arrive. */
  checkout: { quota: '30/60s', whenDown: 'closed' },
} as const satisfies Record<string, { quota: string; whenDown: WhenDown }>;

export type RateClass = keyof typeof RATE_CLASSES;
export const RATE_CLASS_NAMES = Object.keys(RATE_CLASSES) as RateClass[];

/** A class's bucket: `quota` requests, refilled at `quota` per `windowMs`. */
export interface RateRule {
  name: RateClass;
  quota: number;
  windowMs: number;
  whenDown: WhenDown;
}

const QUOTA = '^[1-9][0-9]*/[1-9][0-9]*(ms|s|m|h)$';
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

const quotaKey = (name: RateClass) => `GATEWAY_RATE_${name.toUpperCase()}`;
const whenDownKey = (name: RateClass) => `GATEWAY_RATE_${name.toUpperCase()}_WHEN_DOWN`;
const timeoutKey = (name: RateClass) => `GATEWAY_TIMEOUT_${name.toUpperCase()}_MS`;

/**
 * For every class: `GATEWAY_RATE_<CLASS>` (`300/10s`), `GATEWAY_RATE_<CLASS>_WHEN_DOWN`
 * (`open`|`closed`), and `GATEWAY_TIMEOUT_<CLASS>_MS`, an upstream timeout for the class's
 * routes that overrides the service's own (checkout may wait on a payment provider, browsing not).
 */
export const rateClassSettings: Record<string, TSchema> = {};
for (const name of RATE_CLASS_NAMES) {
  const { quota, whenDown } = RATE_CLASSES[name];
  rateClassSettings[quotaKey(name)] = Type.String({ pattern: QUOTA, default: quota });
  rateClassSettings[whenDownKey(name)] = Type.Union([Type.Literal('open'), Type.Literal('closed')], {
    default: whenDown,
  });
  rateClassSettings[timeoutKey(name)] = Type.Optional(Type.Integer({ minimum: 1 }));
}

/** The classes whose routes have an upstream timeout of their own. */
export function classTimeouts(config: Readonly<Record<string, unknown>>): Partial<Record<RateClass, number>> {
  const timeouts: Partial<Record<RateClass, number>> = {};
  for (const name of RATE_CLASS_NAMES) {
    const value = config[timeoutKey(name)];
    if (typeof value === 'number') timeouts[name] = value;
  }
  return timeouts;
}

export function parseQuota(text: string): { quota: number; windowMs: number } {
  const match = /^(\d+)\/(\d+)(ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`not a quota: ${text}`);
  const unit = match[3] as keyof typeof UNIT_MS;
  return { quota: Number(match[1]), windowMs: Number(match[2]) * UNIT_MS[unit] };
}

export function rateRules(config: Readonly<Record<string, unknown>>): Record<RateClass, RateRule> {
  const rules = {} as Record<RateClass, RateRule>;
  for (const name of RATE_CLASS_NAMES) {
    const { quota, windowMs } = parseQuota(String(config[quotaKey(name)]));
    rules[name] = {
      name,
      quota,
      windowMs,
      whenDown: config[whenDownKey(name)] === 'closed' ? 'closed' : 'open',
    };
  }
  return rules;
}
