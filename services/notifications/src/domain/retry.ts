/**
 * Wait before the attempt after `attempt` (1-based): `baseMs` doubled at each failure, capped at
 * `maxMs`, with ±20 % jitter so a batch that failed together (an SMTP outage) does not retry in step.
 */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
