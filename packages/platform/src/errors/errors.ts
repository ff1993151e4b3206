/**
 * Errors with a meaning. The domain throws these and never an HTTP status; one error handler
 * (`problem.ts`) maps meanings to RFC 9457 problem+json. Each service keeps its own catalogue of
 * stable codes (`CATALOG_SKU_TAKEN`); a retired code is never reused.
 */
export type ErrorKind =
  | 'bad_request'
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'payment_required'
  | 'not_found'
  | 'conflict'
  | 'insufficient_stock'
  | 'precondition_failed'
  | 'precondition_required'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable';

export interface FieldProblem {
  /** JSON pointer to the field, e.g. `/price/amount`. */
  pointer: string;
  detail: string;
}

export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly errors: readonly FieldProblem[] | undefined;
  /** Extra members for the problem document (e.g. `currentVersion`). */
  readonly extensions: Readonly<Record<string, unknown>> | undefined;

  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    options: { errors?: readonly FieldProblem[]; extensions?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.errors = options.errors;
    this.extensions = options.extensions;
  }
}

export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const conflict = (code: string, message: string, extensions?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, extensions ? { extensions } : {});
export const badRequest = (code: string, message: string, errors?: FieldProblem[]) =>
  new DomainError('bad_request', code, message, errors ? { errors } : {});
export const unprocessable = (code: string, message: string, errors?: FieldProblem[]) =>
  new DomainError('unprocessable', code, message, errors ? { errors } : {});
export const preconditionFailed = (code: string, message: string, extensions?: Record<string, unknown>) =>
  new DomainError('precondition_failed', code, message, extensions ? { extensions } : {});
export const unavailable = (code: string, message: string) => new DomainError('unavailable', code, message);

/** Type guard that survives module duplication (checks shape, not prototype). */
export function isDomainError(error: unknown): error is DomainError {
  return (
    error instanceof DomainError ||
    (error instanceof Error && error.name === 'DomainError' && 'kind' in error)
  );
}
