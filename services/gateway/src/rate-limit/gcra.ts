/**
 * GCRA, the token bucket kept as one number: the theoretical arrival time (TAT) at which the
 * bucket would be full again. A bucket of `quota` tokens refilled at `quota` per `windowMs`
 * spends `interval = windowMs / quota` of TAT per request and refuses a request that would push
 * TAT more than `windowMs` past now. One read and one write per check, no timers, no sweeping.
 */

/** The outcome of taking from a bucket. */
export interface Decision {
  allowed: boolean;
  /** Requests that could still go through right now. */
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
  /** Until one request would be allowed; 0 when allowed. */
  retryAfterMs: number;
}

/** Floating-point slack, so 2.9999999 tokens count as 3. */
const EPSILON = 1e-6;

/** Takes one token at `now` from the bucket whose TAT is `tat`; returns the decision and the new TAT. */
export function gcraTake(
  tat: number | undefined,
  now: number,
  quota: number,
  windowMs: number,
): { decision: Decision; tat: number } {
  const interval = windowMs / quota;
  const from = tat === undefined || tat < now ? now : tat;
  const available = Math.floor((windowMs - (from - now)) / interval + EPSILON);
  if (available < 1) {
    return {
      decision: {
        allowed: false,
        remaining: 0,
        resetMs: from - now,
        retryAfterMs: from + interval - windowMs - now,
      },
      tat: from,
    };
  }
  const next = from + interval;
  return {
    decision: { allowed: true, remaining: available - 1, resetMs: next - now, retryAfterMs: 0 },
    tat: next,
  };
}

/**
 * The same step as a Redis script, so check-and-update is one atomic round trip shared by every
 * gateway replica; it may hand out several tokens at once (a replica's reservation, spent
 * locally). The clock is Redis's own (`TIME`): replicas with skewed clocks still agree.
 * KEYS[1] bucket; ARGV quota, windowMs, wanted (≥ 1), returned (tokens of an earlier
 * reservation that lapsed unspent: given back first, as if never taken).
 * Returns {granted (0..wanted), remaining, resetMs, retryAfterMs}.
 */
export const GCRA_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
local quota = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local returned = tonumber(ARGV[4])
local interval = window / quota
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil then tat = now end
tat = tat - returned * interval
if tat < now then tat = now end
local available = math.floor((window - (tat - now)) / interval + 1e-6)
if available < 1 then
  return {0, 0, math.ceil(tat - now), math.ceil(tat + interval - window - now)}
end
local granted = math.min(wanted, available)
tat = tat + granted * interval
redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.ceil(tat - now) + 1)
return {granted, available - granted, math.ceil(tat - now), 0}
`;
