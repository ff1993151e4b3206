import {
  type Attributes,
  type Context,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export { type Attributes, type Span, SpanKind } from '@opentelemetry/api';

/** The W3C trace context of a unit of work, as carried in HTTP headers and event envelopes. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

export interface TracingOptions {
  /** `COMPTOIR_OTLP_URL`: the collector's OTLP/HTTP endpoint (`http://tempo:4318`). */
  url: string;
  /** `service.name` of every span this service makes. */
  service: string;
  version: string;
}

/** Where spans go: `/v1/traces` under the collector's address, unless the URL already says so. */
export function tracesUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/v1/traces') ? trimmed : `${trimmed}/v1/traces`;
}

const propagator = new W3CTraceContextPropagator();

/** Headers of an incoming request: Node's lower-case names, a repeated header read once. */
const headerGetter: TextMapGetter<Record<string, string | string[] | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return Array.isArray(value) ? value[0] : value;
  },
};

/** The context a W3C `traceparent` (and `tracestate`) continue; the root when absent or malformed. */
export function contextFrom(carrier: Record<string, string | string[] | undefined>): Context {
  if (carrier.traceparent === undefined) return ROOT_CONTEXT;
  return propagator.extract(ROOT_CONTEXT, carrier, headerGetter);
}

/** The `traceparent` (and `tracestate`, if any) that make the next hop a child of `span`. */
export function carrierOf(span: Span): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier;
}

/**
 * Ends a span with the outcome of its work: an error is recorded on it (an exception event and
 * the error status); a string only sets the error status with that message (a 503 answered).
 */
export function endSpan(span: Span, failure?: unknown): void {
  if (failure instanceof Error) {
    span.recordException(failure);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
  } else if (failure !== undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(failure) });
  }
  span.end();
}

/**
 * One service's tracing: its own provider (so `service.name` is right even when several
 * services share a process, as under `npm start` and in tests), batching spans to the collector
 * by OTLP/HTTP (JSON). Spans are started with an explicit parent — from a `traceparent`, or the
 * span of the request or event in hand — so no global context manager is installed.
 */
export interface Tracing {
  readonly service: string;
  /** Starts a span of this service under `parent` (the root when undefined). */
  startSpan(name: string, kind: SpanKind, parent: Context | Span | undefined, attributes?: Attributes): Span;
  /** Sends the spans still buffered. */
  flush(): Promise<void>;
  /** Sends what is buffered and stops: after it, spans are dropped. */
  shutdown(): Promise<void>;
}

/**
 * Tracing for a service, or `undefined` when `COMPTOIR_OTLP_URL` is unset: callers test for it
 * once and do nothing more, so tracing off costs nothing.
 * @example
 * const tracing = createTracing({ url: config.COMPTOIR_OTLP_URL, service: 'catalog', version: '0.1.0' });
 */
export function createTracing(options: Omit<TracingOptions, 'url'> & { url?: string }): Tracing | undefined {
  if (!options.url) return undefined;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.service,
      [ATTR_SERVICE_VERSION]: options.version,
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(options.url) }))],
  });
  const tracer: Tracer = provider.getTracer('@comptoir/platform', options.version);
  return {
    service: options.service,
    startSpan(name, kind, parent, attributes) {
      const context =
        parent === undefined
          ? ROOT_CONTEXT
          : isContext(parent)
            ? parent
            : trace.setSpan(ROOT_CONTEXT, parent);
      return tracer.startSpan(name, { kind, ...(attributes ? { attributes } : {}) }, context);
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

function isContext(value: Context | Span): value is Context {
  return typeof (value as Context).getValue === 'function';
}
