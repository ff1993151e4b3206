import { httpProblem, type Problem, problemType } from '@comptoir/platform';

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
