import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { type ErrorKind, type FieldProblem, isDomainError } from './errors.ts';

/** RFC 9457 problem details, plus our stable `code` and field-level `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: readonly FieldProblem[];
  requestId?: string;
  [extension: string]: unknown;
}

/** A database outage is seconds (a restart, a failover): when a caller should try again. */
const DATABASE_RETRY_AFTER_S = 2;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const byKind: Record<ErrorKind, { status: number; title: string }> = {
  bad_request: { status: 400, title: 'Bad request' },
  validation: { status: 400, title: 'Invalid request' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  // A card declined: Stripe's answer to the same situation, and what a till branches on.
  payment_required: { status: 402, title: 'Payment required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  // A conflict of its own kind (STYLE rule 4): a till tells the cashier which item ran out.
  insufficient_stock: { status: 409, title: 'Insufficient stock' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  precondition_required: { status: 428, title: 'Precondition required' },
  unprocessable: { status: 422, title: 'Unprocessable content' },
  rate_limited: { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Service unavailable' },
};

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  402: 'Payment required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  408: 'Request timeout',
  409: 'Conflict',
  411: 'Length required',
  412: 'Precondition failed',
  413: 'Content too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

const kindByStatus: Record<number, string> = {
  400: 'bad-request',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'content-too-large',
  415: 'unsupported-media-type',
};

export function problemType(slug: string): string {
  return `urn:comptoir:problem:${slug}`;
}

/** A problem document for a status with no domain meaning (404 route, 405, 413…). */
export function httpProblem(status: number, detail?: string, extra: Partial<Problem> = {}): Problem {
  const slug = kindByStatus[status] ?? (status >= 500 ? 'internal' : 'http-error');
  return {
    type: problemType(slug),
    title: titles[status] ?? (status >= 500 ? 'Server error' : 'Request error'),
    status,
    code: `HTTP_${status}`,
    ...(detail ? { detail } : {}),
    ...extra,
  };
}

interface AjvIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** Turns Ajv's issues into field problems with JSON pointers a client can map to a form. */
function fieldProblems(part: string, issues: readonly AjvIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    let pointer = issue.instancePath ?? '';
    const extra = issue.params?.additionalProperty ?? issue.params?.missingProperty;
    if (typeof extra === 'string') pointer = `${pointer}/${extra}`;
    const detail =
      issue.keyword === 'additionalProperties' ? 'is not a known field' : (issue.message ?? 'is invalid');
    return { pointer: `/${part}${pointer}`.replace(/\/$/, ''), detail };
  });
}

/** Maps any error thrown while serving a request to a problem document. */
export function toProblem(error: unknown): { problem: Problem; expected: boolean } {
  if (isDomainError(error)) {
    const { status, title } = byKind[error.kind];
    return {
      expected: true,
      problem: {
        type: problemType(error.kind.replaceAll('_', '-')),
        title,
        status,
        detail: error.message,
        code: error.code,
        ...(error.errors ? { errors: error.errors } : {}),
        ...error.extensions,
      },
    };
  }
  const fastifyError = error as Partial<FastifyError> & {
    validation?: AjvIssue[];
    validationContext?: string;
  };
  if (Array.isArray(fastifyError.validation)) {
    const part = fastifyError.validationContext ?? 'body';
    const errors = fieldProblems(part, fastifyError.validation);
    return {
      expected: true,
      problem: {
        type: problemType('validation'),
        title: 'Invalid request',
        status: 400,
        detail: `The request ${part} is invalid: ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}`,
        code: 'VALIDATION_FAILED',
        errors,
      },
    };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own client errors (malformed JSON, body too large, bad media type): their message is safe.
    const problem = httpProblem(status, fastifyError.message);
    if (fastifyError.code) problem.code = fastifyError.code;
    return { expected: true, problem };
  }
  // PostgreSQL holds no NUL character in text (SQLSTATE 22021, 22P05 in jsonb): a client sent it.
  if (fastifyError.code === '22021' || fastifyError.code === '22P05') {
    const problem = httpProblem(400, 'A text contains a character that cannot be stored (U+0000).');
    return { expected: true, problem: { ...problem, code: 'TEXT_NOT_STORABLE' } };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      expected: true,
      problem: {
        type: problemType('unavailable'),
        title: 'Service unavailable',
        status: 503,
        detail: 'The service cannot reach its database just now. Try again shortly.',
        code: 'DATABASE_UNAVAILABLE',
        retryAfter: DATABASE_RETRY_AFTER_S,
      },
    };
  }
  // A lone UTF-16 surrogate ("\udfff") in a JSON value: PostgreSQL's jsonb refuses it (22P02 with
  // a detail naming the surrogate) — a client sent text that is not Unicode.
  if (
    fastifyError.code === '22P02' &&
    /surrogate/i.test(String((error as { detail?: unknown }).detail ?? ''))
  ) {
    const problem = httpProblem(400, 'A text contains a lone UTF-16 surrogate, which is not a character.');
    return { expected: true, problem: { ...problem, code: 'TEXT_NOT_STORABLE' } };
  }
  return { expected: false, problem: httpProblem(500, 'An unexpected error occurred. It has been logged.') };
}

/** Fastify error handler: the one edge where meanings become HTTP. */
export function problemErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { problem, expected } = toProblem(error);
  if (!expected) request.log.error({ err: error }, 'unhandled error');
  else if (problem.status >= 500) request.log.warn({ err: error }, problem.title);
  sendProblem(reply, { ...problem, instance: request.url, requestId: request.id });
}

export function sendProblem(reply: FastifyReply, problem: Problem): void {
  if (problem.status === 429 || problem.status === 503) {
    const retry = problem.retryAfter;
    if (typeof retry === 'number') reply.header('retry-after', String(Math.ceil(retry)));
  }
  reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}
