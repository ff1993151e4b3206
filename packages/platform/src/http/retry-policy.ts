/** When an outbound call may be sent again, and how long to wait first. */

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** The gateway said the upstream was unreachable or overloaded: a later try may land elsewhere. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/**
 * Whether repeating the request cannot do the work twice: idempotent by method, or made so by an
 * `Idempotency-Key` the server deduplicates on. Header names must already be lower case.
 *
 * @example
 * isIdempotent('POST', { 'idempotency-key': 'order-7f3a' }); // → true
 * isIdempotent('POST', {}); // → false
 */
export function isIdempotent(method: string, headers: Readonly<Record<string, string>>): boolean {
  return IDEMPOTENT_METHODS.has(method) || headers['idempotency-key'] !== undefined;
}

/**
 * Whether a response says "try again" (502, 503, 504), as opposed to an answer (4xx) or a bug (500).
 *
 * @example
 * isRetryableStatus(503); // → true
 */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Whether the connection was refused, so the request never reached the server: safe to send again
 * whatever the method, unlike a reset, which may come after the server acted.
 *
 * @example
 * isConnectionRefused(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })); // → true
 */
export function isConnectionRefused(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ECONNREFUSED';
}

/**
 * Exponential back-off with full jitter: a random wait up to `baseMs · 2^attempt`, capped, so
 * clients that failed together do not come back together.
 *
 * @example
 * backoffMs(0, 100); // → between 0 and 100
 * backoffMs(3, 100); // → between 0 and 800
 */
export function backoffMs(attempt: number, baseMs: number, maxMs = 2_000): number {
  return Math.random() * Math.min(maxMs, baseMs * 2 ** attempt);
}
