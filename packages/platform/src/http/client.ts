import { setTimeout as sleep } from 'node:timers/promises';
import { errors, Pool } from 'undici';
import { DomainError } from '../errors/errors.ts';
import { currentContext, type TraceScope } from '../logging/context.ts';
import type { Logger } from '../logging/logger.ts';
import { carrierOf, endSpan, SpanKind } from '../tracing/tracing.ts';
import { type BreakerOptions, createBreaker, UPSTREAM_UNAVAILABLE } from './circuit-breaker.ts';
import { type PreparedCall, parseJsonBody, prepareCall } from './outbound-call.ts';
import { backoffMs, isConnectionRefused, isIdempotent, isRetryableStatus } from './retry-policy.ts';

export interface HttpClientOptions {
  /** Where the upstream lives, optionally with a path prefix: `http://catalog:3000/v1`. */
  baseUrl: string;
  /** The upstream's name, in logs and errors. */
  name: string;
  /** Bound on each attempt, from sending to the last byte of the body. Default 3 000 ms. */
  timeoutMs?: number;
  /** Extra attempts for idempotent calls that failed in passing (network, 502/503/504). Default 2. */
  retries?: number;
  /** Base of the jittered exponential back-off between attempts. Default 100 ms. */
  retryDelayMs?: number;
  /** Keep-alive connections to the upstream at most. Default 32. */
  connections?: number;
  /** Circuit breaker settings, or `false` for none. */
  breaker?: BreakerOptions | false;
  log?: Pick<Logger, 'warn' | 'info'>;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Sent as given; an `Idempotency-Key` makes a POST or PATCH safe to retry. */
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

export interface HttpRequest extends RequestOptions {
  method: HttpMethod;
  path: string;
  /** Sent as JSON. */
  body?: unknown;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; `undefined` when empty or not JSON. */
  body: T | undefined;
}

export interface HttpClient {
  readonly name: string;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  close(): Promise<void>;
}

/** Stable code of the error thrown when an attempt outlives its timeout. */
export const UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT';

/** Carries a 5xx through the breaker, which counts it as a failure, back to the caller as an answer. */
class ServerFailure extends Error {
  constructor(readonly response: HttpResponse) {
    super(`upstream answered ${response.status}`);
  }
}

class AttemptTimeout extends Error {}

/**
 * A client for one upstream service: keep-alive pool, per-attempt timeout, retries with jittered
 * back-off for idempotent calls only, a circuit breaker, and the current request's
 * `x-request-id` / `x-correlation-id` on every call. When the service traces, each call is a
 * client span (its retries included) under the request's or event's span, and carries its
 * `traceparent`. Any status is returned, not thrown (a 404 is
 * an answer); what cannot get an answer throws `DomainError('unavailable', …)`.
 *
 * @example
 * const catalog = createHttpClient({ baseUrl: 'http://catalog:3000', name: 'catalog' });
 * const { status, body } = await catalog.get<Product>(`/products/${id}`);
 * await ordering.post('/orders', order, { headers: { 'idempotency-key': key } }); // retried safely
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = new URL(options.baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  const pool = new Pool(base.origin, { connections: options.connections ?? 32 });
  const breaker =
    options.breaker === false ? undefined : createBreaker(options.name, options.breaker, options.log);
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 100;

  async function attempt(call: PreparedCall): Promise<HttpResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new AttemptTimeout()), call.timeoutMs);
    try {
      const { method, path, headers, body } = call;
      const response = await pool.request({ method, path, headers, body, signal: controller.signal });
      const text = await response.body.text();
      return {
        status: response.statusCode,
        headers: response.headers,
        body: parseJsonBody(response.headers, text),
      };
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function withRetries(call: PreparedCall): Promise<HttpResponse> {
    const idempotent = isIdempotent(call.method, call.headers);
    for (let attempted = 0; ; attempted += 1) {
      const more = attempted < retries;
      try {
        const response = await attempt(call);
        if (!(more && idempotent && isRetryableStatus(response.status))) return response;
      } catch (error) {
        if (error instanceof errors.InvalidArgumentError) throw error; // our bug, not the upstream's
        if (!(more && (idempotent || isConnectionRefused(error)))) {
          const failure = unreachable(error, call);
          // Said here, once per call given up on: what the breaker counts is then on record.
          options.log?.warn(
            {
              upstream: options.name,
              method: call.method,
              path: call.path,
              attempts: attempted + 1,
              err: failure.message,
            },
            'upstream call failed',
          );
          throw failure;
        }
      }
      await sleep(backoffMs(attempted, retryDelayMs));
    }
  }

  function unreachable(error: unknown, call: PreparedCall): DomainError {
    if (error instanceof AttemptTimeout) {
      const message = `${options.name} did not answer ${call.method} ${call.path} within ${call.timeoutMs} ms`;
      return new DomainError('unavailable', UPSTREAM_TIMEOUT, message);
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new DomainError('unavailable', UPSTREAM_UNAVAILABLE, `${options.name} is unreachable: ${reason}`, {
      cause: error,
    });
  }

  async function request<T>(input: HttpRequest): Promise<HttpResponse<T>> {
    const call = prepareCall(input, prefix, options.timeoutMs ?? 3_000);
    const trace = currentContext()?.trace;
    return (trace ? traced(trace, call) : send(call)) as Promise<HttpResponse<T>>;
  }

  async function traced(trace: TraceScope, call: PreparedCall): Promise<HttpResponse> {
    const span = trace.tracing.startSpan(call.method, SpanKind.CLIENT, trace.span, {
      'http.request.method': call.method,
      'server.address': base.hostname,
      'url.full': `${base.origin}${call.path}`,
      'peer.service': options.name,
    });
    Object.assign(call.headers, carrierOf(span));
    try {
      const response = await send(call);
      span.setAttribute('http.response.status_code', response.status);
      endSpan(span, response.status >= 500 ? `answered ${response.status}` : undefined);
      return response;
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  async function send(call: PreparedCall): Promise<HttpResponse> {
    if (!breaker) return withRetries(call);
    try {
      return await breaker.run(async () => {
        const response = await withRetries(call);
        if (response.status >= 500) throw new ServerFailure(response);
        return response;
      });
    } catch (error) {
      if (error instanceof ServerFailure) {
        options.log?.warn(
          { upstream: options.name, method: call.method, path: call.path, status: error.response.status },
          'upstream answered with a server error',
        );
        return error.response;
      }
      throw error;
    }
  }

  return {
    name: options.name,
    get: (path, opts) => request({ ...opts, method: 'GET', path }),
    post: (path, body, opts) => request({ ...opts, method: 'POST', path, body }),
    put: (path, body, opts) => request({ ...opts, method: 'PUT', path, body }),
    patch: (path, body, opts) => request({ ...opts, method: 'PATCH', path, body }),
    delete: (path, opts) => request({ ...opts, method: 'DELETE', path }),
    request,
    async close() {
      breaker?.shutdown();
      await pool.close();
    },
  };
}
