import type { IncomingHttpHeaders } from 'node:http';
import {
  carrierOf,
  endSpan,
  type Problem,
  type Span,
  SpanKind,
  sendProblem,
  type Tracing,
} from '@comptoir/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import { GatewayErrors } from '../errors.ts';
import type { GatewayMetrics, Outcome } from '../metrics.ts';
import { statusClass } from '../metrics.ts';
import type { Upstream } from '../upstreams/upstreams.ts';
import { copyResponseHeaders, upstreamRequestHeaders } from './headers.ts';

export interface HopOptions {
  metrics: GatewayMetrics;
  trustForwarded: boolean;
  /** Told to a client when no replica is healthy: about one health-check interval. */
  retryAfterSeconds: number;
  /** Longest silence between two chunks of a stream route's answer; 0 waits for ever. */
  streamIdleTimeoutMs: number;
  /** The gateway's tracing when on: each hop is a client span whose `traceparent` goes upstream. */
  tracing?: Tracing | undefined;
}

/** Responses up to this size are read whole before answering; larger or unsized ones stream. */
const BUFFERED_BODY_MAX = 64 * 1024;

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Without a body the request stream is not handed to undici, which would otherwise send a chunked empty body. */
function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function failure(
  error: unknown,
  upstream: Upstream,
  timeoutMs: number,
): { problem: Problem; outcome: Outcome } {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TIMEOUTS.has(code)) {
    return { problem: GatewayErrors.upstreamTimeout(upstream.name, timeoutMs), outcome: 'timeout' };
  }
  if (code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') {
    return { problem: GatewayErrors.bodyIncomplete(), outcome: 'unreachable' };
  }
  return { problem: GatewayErrors.upstreamUnreachable(upstream.name), outcome: 'unreachable' };
}

/**
 * The proxy hop, the gateway's hot path: pick a replica, stream the request to it over a
 * keep-alive pool, stream its answer back. Nothing is parsed or re-serialised, and everything
 * that can be built once (header sets, metric labels, the prefix) is built outside the handler.
 */
export function createHop(upstream: Upstream, options: HopOptions) {
  const record = options.metrics.upstreamRecorder(upstream.name);
  const prefixLength = upstream.prefix.length;
  const { timeoutMs } = upstream;

  return async function hop(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const replica = upstream.balancer.pick();
    if (!replica) {
      record('no_healthy_upstream');
      sendProblem(reply, {
        ...GatewayErrors.noHealthyUpstream(upstream.name, options.retryAfterSeconds),
        instance: request.url,
        requestId: request.id,
      });
      return reply;
    }
    // `/api/catalog/products?q=1` → `/products?q=1`; `/api/catalog?q=1` → `/?q=1`.
    let path = request.url.slice(prefixLength);
    if (path === '' || path.charCodeAt(0) === 63 /* ? */) path = `/${path}`;
    const incoming = request.headers;
    const headers = upstreamRequestHeaders(incoming, {
      requestId: request.id,
      correlationId: request.correlationId,
      clientIp: request.ip,
      protocol: request.protocol,
      trustForwarded: options.trustForwarded,
    });
    // Only when tracing: the hot path stays as it was otherwise (a caller's traceparent passes as is).
    const span =
      options.tracing && request.span
        ? hopSpan(options.tracing, request.span, request.method, upstream, replica.origin, path)
        : undefined;
    if (span) Object.assign(headers, carrierOf(span));
    // The route class's own timeout when it has one (set by the guard), else the service's. A
    // stream (SSE) answers its headers as fast as anything, then talks for as long as it likes.
    const routeTimeoutMs = request.upstreamTimeoutMs ?? timeoutMs;
    let response: Dispatcher.ResponseData;
    try {
      response = await replica.pool.request({
        method: request.method as Dispatcher.HttpMethod,
        path,
        headers,
        body: hasBody(incoming) ? request.raw : null,
        headersTimeout: routeTimeoutMs,
        bodyTimeout: request.upstreamStream ? options.streamIdleTimeoutMs : routeTimeoutMs,
      });
    } catch (error) {
      // The client went away mid-request (nginx's 499): not the upstream's failure, and nobody to answer.
      if (request.raw.destroyed) {
        record('client_closed');
        if (span) endSpan(span, 'client closed the request');
        return reply;
      }
      const { problem, outcome } = failure(error, upstream, routeTimeoutMs);
      record(outcome);
      if (span) endSpan(span, error);
      request.log.warn(
        { upstream: upstream.name, replica: replica.origin, err: error },
        `upstream ${outcome === 'timeout' ? 'timed out' : 'failed'}`,
      );
      sendProblem(reply, { ...problem, instance: request.url, requestId: request.id });
      return reply;
    }
    record(statusClass(response.statusCode));
    if (span) {
      span.setAttribute('http.response.status_code', response.statusCode);
      endSpan(span, response.statusCode >= 500 ? `answered ${response.statusCode}` : undefined);
    }
    copyResponseHeaders(response.headers, reply);
    reply.code(response.statusCode);
    // Piped chunk by chunk, never held back (SSE included): Node writes each one as it comes, and
    // a client that goes away destroys the body, which aborts the upstream request.
    // A small body of known length goes back in one write with its headers; piping it would cost
    // a write for the headers, one per chunk and the chunked trailer — syscalls dominate this hop.
    const length = response.headers['content-length'];
    if (typeof length === 'string' && Number(length) <= BUFFERED_BODY_MAX) {
      return reply.send(Buffer.from(await response.body.arrayBuffer()));
    }
    return reply.send(response.body);
  };
}

/** The hop as a client span under the request's server span; it ends when the upstream's headers arrive. */
function hopSpan(
  tracing: Tracing,
  parent: Span,
  method: string,
  upstream: Upstream,
  origin: string,
  path: string,
): Span {
  return tracing.startSpan(method, SpanKind.CLIENT, parent, {
    'http.request.method': method,
    'url.full': `${origin}${path}`,
    'peer.service': upstream.name,
  });
}
