import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { runWithContext } from '../logging/context.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';

const ID_PATTERN = /^[\w.:-]{1,128}$/;

/** Accepts a caller's id when it is reasonable, so one id follows a request through every hop. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && ID_PATTERN.test(header) ? header : randomUUID();
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's `x-correlation-id` when reasonable, else the request id. */
    correlationId: string;
  }
}

const startTimes = new WeakMap<object, bigint>();

const isEventStream = (type: unknown): boolean =>
  typeof type === 'string' && type.startsWith('text/event-stream');

/**
 * Request context (request id, correlation id) for logs, outbound calls and events, and the
 * request metrics. The context wraps the whole request lifecycle via AsyncLocalStorage, unless
 * the service opted out (then `x-correlation-id` is still answered and logged).
 */
export function installObservability(
  app: FastifyInstance,
  metrics: ServiceMetrics,
  options: { asyncContext: boolean },
): void {
  app.decorateRequest('correlationId', '');
  app.addHook('onRequest', (request, reply, done) => {
    const header = request.headers['x-correlation-id'];
    const correlationId = typeof header === 'string' && ID_PATTERN.test(header) ? header : request.id;
    request.correlationId = correlationId;
    reply.header('x-request-id', request.id);
    reply.header('x-correlation-id', correlationId);
    if (correlationId !== request.id) request.log = request.log.child({ correlationId });
    startTimes.set(request, process.hrtime.bigint());
    metrics.httpInFlight.inc();
    if (options.asyncContext) runWithContext({ requestId: request.id, correlationId }, done);
    else done();
  });
  app.addHook('onResponse', (request, reply, done) => {
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
