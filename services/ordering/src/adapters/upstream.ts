import {
  DomainError,
  type ErrorKind,
  type FieldProblem,
  type HttpClient,
  type HttpResponse,
  isDomainError,
  type RequestOptions,
} from '@comptoir/platform';
import { upstreamUnavailable } from '../domain/errors.ts';
import type { OnBehalfOf } from '../domain/ports.ts';

/** What every adapter needs: the client, and the Retry-After a till hears when it is down. */
export interface Upstream {
  client: HttpClient;
  retryAfterSeconds: number;
}

/** The problem document an upstream answered with (only the fields ordering reads). */
export interface UpstreamProblem {
  code?: string;
  detail?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** The caller's own credentials, and the key when the call moves stock or money. */
export function onBehalfOf(as: OnBehalfOf, key?: string): RequestOptions {
  return { headers: { authorization: as.authorization, ...(key ? { 'idempotency-key': key } : {}) } };
}

/**
 * Sends a call and hands back any answer below 500. No answer (timeout, refused connection, open
 * circuit) or a 5xx becomes ordering's own 503, so the till retries with the same key.
 */
export async function send<T>(
  upstream: Upstream,
  call: (client: HttpClient) => Promise<HttpResponse<T>>,
): Promise<HttpResponse<T>> {
  let response: HttpResponse<T>;
  try {
    response = await call(upstream.client);
  } catch (error) {
    if (isDomainError(error) && error.kind === 'unavailable') {
      throw upstreamUnavailable(upstream.client.name, upstream.retryAfterSeconds, error);
    }
    throw error;
  }
  if (response.status >= 500) throw upstreamUnavailable(upstream.client.name, upstream.retryAfterSeconds);
  return response;
}

const kinds: Record<number, ErrorKind> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'unprocessable',
};

export const problemOf = (response: HttpResponse): UpstreamProblem =>
  (response.body ?? {}) as UpstreamProblem;

/**
 * An upstream's refusal as one of ordering's errors: the same meaning (a 403 stays a 403), the
 * upstream's words, and its code kept as `upstreamCode` for whoever debugs it.
 */
export function refusal(
  service: string,
  response: HttpResponse,
  code: string,
  options: { pointerPrefix?: string } = {},
): DomainError {
  const problem = problemOf(response);
  const kind = kinds[response.status] ?? 'unprocessable';
  const errors = problem.errors?.map((e) => ({
    pointer: options.pointerPrefix ? e.pointer.replace(/^\/body/, options.pointerPrefix) : e.pointer,
    detail: e.detail,
  }));
  return new DomainError(kind, code, `${service} refused: ${problem.detail ?? `HTTP ${response.status}`}`, {
    ...(errors ? { errors } : {}),
    extensions: { upstreamCode: problem.code ?? `HTTP_${response.status}` },
  });
}
