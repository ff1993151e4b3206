import { DomainError, httpProblem, type Problem, problemType } from '@comptoir/platform';

/**
 * The gateway's error catalogue. Codes are stable; a retired one is never reused. These are
 * built as problems directly: they are HTTP-level facts (bad gateway, gateway timeout) with no
 * domain meaning for the kit's error kinds to carry.
 */
export const GatewayErrors = {
  noHealthyUpstream: (service: string, retryAfterSeconds: number): Problem =>
    httpProblem(503, `No replica of ${service} is healthy right now.`, {
      type: problemType('no-healthy-upstream'),
      code: 'GATEWAY_NO_HEALTHY_UPSTREAM',
      retryAfter: retryAfterSeconds,
    }),
  upstreamUnreachable: (service: string): Problem =>
    httpProblem(502, `${service} could not be reached or closed the connection.`, {
      type: problemType('upstream-unreachable'),
      code: 'GATEWAY_UPSTREAM_UNREACHABLE',
    }),
  upstreamTimeout: (service: string, timeoutMs: number): Problem =>
    httpProblem(504, `${service} did not answer within ${timeoutMs} ms.`, {
      type: problemType('upstream-timeout'),
      code: 'GATEWAY_UPSTREAM_TIMEOUT',
    }),
  bodyIncomplete: (): Problem =>
    httpProblem(400, 'The request body ended before its declared length.', {
      type: problemType('bad-request'),
      code: 'GATEWAY_REQUEST_BODY_INCOMPLETE',
    }),
} as const;

/** A request body larger than the gateway accepts, refused before anything is forwarded. */
export class BodyTooLargeError extends Error {
  readonly statusCode = 413;
  readonly code = 'GATEWAY_BODY_TOO_LARGE';

  constructor(limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Refusals by the guards in front of the hop. They carry a meaning (unauthenticated, forbidden,
 * rate limited), so they are domain errors the kit's handler turns into problems.
 */
export const GuardErrors = {
  invalidApiKey: () =>
    new DomainError('unauthenticated', 'GATEWAY_API_KEY_INVALID', 'The API key is unknown or was revoked.'),
  forbidden: () =>
    new DomainError('forbidden', 'AUTH_FORBIDDEN', 'You are signed in but not allowed to do this.'),
  rateLimited: (rateClass: string, retryAfterSeconds: number) =>
    new DomainError(
      'rate_limited',
      'GATEWAY_RATE_LIMITED',
      `Too many ${rateClass} requests; try again in ${retryAfterSeconds} s.`,
      { extensions: { retryAfter: retryAfterSeconds, rateClass } },
    ),
  limiterUnavailable: (rateClass: string) =>
    new DomainError(
      'unavailable',
      'GATEWAY_RATE_LIMITER_UNAVAILABLE',
      `The rate limiter is unavailable and ${rateClass} requests are refused until it is back.`,
      { extensions: { retryAfter: 1, rateClass } },
    ),
} as const;
