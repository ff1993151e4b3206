import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { runWithContext, type TraceScope } from '../logging/context.ts';
import { childWithIds } from '../logging/logger.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';
import { contextFrom, endSpan, type Span, SpanKind, type Tracing } from '../tracing/tracing.ts';

const ID_PATTERN = /^[\w.:-]{1,128}$/;

/** Accepts a caller's id when it is reasonable, so one id follows a request through every hop. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && ID_PATTERN.test(header) ? header : randomUUID();
}

/** The caller's `x-correlation-id` when reasonable, else the request's own id. */
function correlationIdFrom(header: string | string[] | undefined, requestId: string): string {
  return typeof header === 'string' && ID_PATTERN.test(header) ? header : requestId;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's `x-correlation-id` when reasonable, else the request id. */
    correlationId: string;
    /** This request's server span when the service traces (`COMPTOIR_OTLP_URL`), else null. */
    span: Span | null;
  }
}

/**
 * Probes and scrapes are not traced: health checks every few seconds from the gateway, the
 * orchestrator and Prometheus would bury the traces of real work, and tell nothing a metric doesn't.
 */
const UNTRACED = /^\/(?:health\/|metrics(?:\?|$))/;

/** What is known of a request from its first moment, before Fastify makes the request object. */
interface RequestStart {
  correlationId: string;
  span: Span | null;
}

const startTimes = new WeakMap<object, bigint>();

const isEventStream = (type: unknown): boolean =>
  typeof type === 'string' && type.startsWith('text/event-stream');

/**
 * Request context (request id, correlation id, and the server span when tracing) for logs,
 * outbound calls and events, and the request metrics. The context wraps the whole request
 * lifecycle via AsyncLocalStorage, unless the service opted out (then the ids are still answered
 * and logged, and the span is on `request.span`).
 */
export function installObservability(
  app: FastifyInstance,
  metrics: ServiceMetrics,
  options: { asyncContext: boolean; tracing?: Tracing | undefined },
): void {
  const { tracing } = options;
  const starts = new WeakMap<IncomingMessage, RequestStart>();
  app.decorateRequest('correlationId', '');
  app.decorateRequest('span', null);
  // The request's logger is made before any hook runs (Fastify logs "incoming request" with it):
  // this is where a request gets its ids and, when tracing, its server span — continuing the
  // caller's `traceparent` — so that every line it logs carries them.
  app.setChildLoggerFactory((logger, bindings, childOptions, raw) => {
    const correlationId = correlationIdFrom(raw.headers['x-correlation-id'], String(bindings.requestId));
    const span = tracing && !UNTRACED.test(raw.url ?? '') ? startServerSpan(tracing, raw) : null;
    starts.set(raw, { correlationId, span });
    const ids: Record<string, unknown> = { ...bindings, correlationId };
    if (span) {
      const { traceId, spanId } = span.spanContext();
      ids.trace_id = traceId;
      ids.span_id = spanId;
    }
    return childWithIds(logger, ids, childOptions);
  });
  app.addHook('onRequest', (request, reply, done) => {
    const start = starts.get(request.raw);
    const correlationId =
      start?.correlationId ?? correlationIdFrom(request.headers['x-correlation-id'], request.id);
    request.correlationId = correlationId;
    request.span = start?.span ?? null;
    reply.header('x-request-id', request.id);
    reply.header('x-correlation-id', correlationId);
    startTimes.set(request, process.hrtime.bigint());
    metrics.httpInFlight.inc();
    if (options.asyncContext) {
      const trace: TraceScope | undefined =
        tracing && request.span ? { span: request.span, tracing } : undefined;
      runWithContext({ requestId: request.id, correlationId, ...(trace ? { trace } : {}) }, done);
    } else done();
  });
  if (tracing) {
    app.addHook('onRequestAbort', (request, done) => {
      if (request.span?.isRecording()) endSpan(request.span, new Error('client closed the request'));
      done();
    });
  }
  app.addHook('onResponse', (request, reply, done) => {
    if (request.span?.isRecording())
      endServerSpan(request.span, request.method, request.routeOptions.url, reply.statusCode);
    const started = startTimes.get(request);
    metrics.httpInFlight.dec();
    // A stream's duration (Server-Sent Events) is how long a client watched, not how fast the
    // service answered: it would swamp the latency objectives. It counts in flight while open.
    if (started !== undefined && !isEventStream(reply.getHeader('content-type'))) {
      const route = request.routeOptions.url ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpDuration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        seconds,
      );
    }
    done();
  });
}

/** A server span continuing the caller's `traceparent`; named by its route once known. */
function startServerSpan(tracing: Tracing, raw: IncomingMessage): Span {
  const url = raw.url ?? '/';
  const query = url.indexOf('?');
  return tracing.startSpan(raw.method ?? 'HTTP', SpanKind.SERVER, contextFrom(raw.headers), {
    'http.request.method': raw.method ?? '_OTHER',
    'url.path': query === -1 ? url : url.slice(0, query),
  });
}

function endServerSpan(span: Span, method: string, route: string | undefined, status: number): void {
  if (route) {
    span.updateName(`${method} ${route}`);
    span.setAttribute('http.route', route);
  }
  span.setAttribute('http.response.status_code', status);
  // A 4xx is the caller's mistake, not this server's failure (OpenTelemetry's HTTP conventions).
  endSpan(span, status >= 500 ? `answered ${status}` : undefined);
}
