/**
 * What can go wrong when the app calls `/api`, as values a screen can show: a problem the API
 * explained (RFC 9457 problem+json), or the backend being out of reach. Screens never see raw JSON.
 */

export interface FieldProblem {
  pointer: string;
  detail: string;
}

/** An answer of the API that refused or failed the request, with its problem details. */
export class ApiProblem extends Error {
  readonly status: number;
  /** Stable code such as `ORDERING_INSUFFICIENT_STOCK`, when the service gave one. */
  readonly code: string | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldProblem[];
  /** The whole problem document, for fields a screen knows (`openSessionId`, `retryAfter`…). */
  readonly body: Readonly<Record<string, unknown>>;

  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === 'string' ? body.title : `HTTP ${status}`;
    const detail = typeof body.detail === 'string' ? body.detail : undefined;
    super(detail ?? title);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : undefined;
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldProblem[]) : [];
    this.body = body;
  }
}

/** No answer from the backend (network down, gateway unreachable, or no replica of the service). */
export class Unreachable extends Error {
  readonly status: number | undefined;

  constructor(reason: string, status?: number) {
    super(reason);
    this.name = 'Unreachable';
    this.status = status;
  }
}

/** 502/503/504 from the gateway mean the service behind it is out of reach, not a refusal. */
export const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

/** Reads a failed answer's body into a problem, whatever its content type. */
export function problemOf(status: number, body: unknown): ApiProblem {
  if (body !== null && typeof body === 'object' && !Array.isArray(body))
    return new ApiProblem(status, body as Record<string, unknown>);
  return new ApiProblem(status, { title: `HTTP ${status}`, status });
}
