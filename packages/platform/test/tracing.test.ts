import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope } from '../src/bus/types.ts';
import { createHttpClient } from '../src/http/client.ts';
import { loggerOptions } from '../src/logging/logger.ts';
import { buildService } from '../src/service/build.ts';
import { defineService } from '../src/service/define.ts';
import { testBus, testBusKinds } from '../src/testing/bus.ts';
import { testCache } from '../src/testing/cache.ts';
import { testDatabase } from '../src/testing/db.ts';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../src/testing/otlp.ts';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/** An upstream that notes the headers of every call it gets. */
async function startUpstream(): Promise<{ url: string; seen: IncomingHttpHeaders[]; server: Server }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

/**
 * A service whose `POST /notes` calls an upstream, then saves `note.taken` in the outbox; it
 * hears its own event on a durable queue. It logs through its own logger in both places.
 */
function probeService(upstreamUrl: string, heard: EventEnvelope[]) {
  return defineService({
    name: 'tracer',
    defaultPort: 0,
    async setup(ctx) {
      const upstream = createHttpClient({ baseUrl: upstreamUrl, name: 'upstream', breaker: false });
      ctx.onClose(() => upstream.close());
      ctx.app.post('/notes', async (_request, reply) => {
        await upstream.get('/check');
        await ctx.db.transaction((tx) => ctx.outbox.append(tx, [ctx.event('note.taken', { n: 1 })]));
        ctx.outbox.nudge();
        ctx.log.info('note taken');
        return reply.code(201).send({ ok: true });
      });
      await ctx.subscribe('notes', {
        topics: ['note.*'],
        async handle(event) {
          ctx.log.info('note heard');
          heard.push(event);
        },
      });
    },
  });
}

interface Run {
  upstreamHeaders: IncomingHttpHeaders;
  event: EventEnvelope;
  lines: Array<Record<string, unknown>>;
}

/** Builds the probe (tracing on when `otlpUrl`), sends one request, waits for the event, closes it. */
async function oneNote(
  kind: 'memory' | 'rabbitmq',
  otlpUrl: string | undefined,
  headers: Record<string, string>,
): Promise<Run> {
  const upstream = await startUpstream();
  const bus = await testBus(kind);
  const db = await testDatabase('tracer');
  const cache = await testCache('tracer');
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const logger = pino(loggerOptions('tracer', { level: 'info', pretty: false }), sink);
  const heard: EventEnvelope[] = [];
  const service = await buildService(probeService(upstream.url, heard), {
    env: { LOG_LEVEL: 'info', ...(otlpUrl ? { COMPTOIR_OTLP_URL: otlpUrl } : {}) },
    db,
    cache,
    bus,
    logger,
  });
  try {
    const response = await service.app.inject({ method: 'POST', url: '/notes', headers });
    expect(response.statusCode).toBe(201);
    // Probes and scrapes, which are not traced.
    for (const url of ['/health/live', '/health/ready', '/metrics']) {
      expect((await service.app.inject({ method: 'GET', url, headers })).statusCode).toBe(200);
    }
    await vi.waitFor(() => expect(heard).toHaveLength(1), { timeout: 30_000 });
  } finally {
    // Closing the service flushes its spans to the collector.
    await service.close();
    await bus.close();
    await db.close();
    await cache.close();
    upstream.server.close();
  }
  const [upstreamHeaders] = upstream.seen;
  const [event] = heard;
  if (!upstreamHeaders || !event) throw new Error('the probe did not run');
  return { upstreamHeaders, event, lines };
}

const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';

describe.each(testBusKinds())('tracing in the kit, on the %s bus', (kind) => {
  let collector: OtlpReceiver;
  beforeAll(async () => {
    collector = await startOtlpReceiver();
  });
  afterAll(() => collector.close());

  it("continues a caller's trace through an outbound call, the outbox and a consumer, and logs its ids", async () => {
    const run = await oneNote(kind, collector.url, {
      traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`,
      'x-correlation-id': 'corr-note-1',
    });
    const spans = collector.spans.filter((span) => span.traceId === CALLER_TRACE);
    const only = (kindOf: number): ReceivedSpan => {
      const found = spans.filter((span) => span.kind === kindOf);
      expect(found).toHaveLength(1);
      return found[0] as ReceivedSpan;
    };
    const server = only(SERVER);
    const client = only(CLIENT);
    const producer = only(PRODUCER);
    const consumer = only(CONSUMER);
    expect(spans.every((span) => span.service === 'tracer')).toBe(true);
    expect(spans.filter((span) => span.kind === SERVER).map((span) => span.name)).toEqual(['POST /notes']);
    expect(server).toMatchObject({ name: 'POST /notes', parentSpanId: CALLER_SPAN });
    expect(server.attributes).toMatchObject({ 'http.route': '/notes', 'http.response.status_code': 201 });
    expect(client).toMatchObject({ name: 'GET', parentSpanId: server.spanId });
    expect(client.attributes).toMatchObject({ 'peer.service': 'upstream', 'http.response.status_code': 200 });
    expect(producer).toMatchObject({ name: 'publish note.taken', parentSpanId: server.spanId });
    expect(consumer).toMatchObject({ name: 'process note.taken', parentSpanId: producer.spanId });
    expect(consumer.attributes).toMatchObject({ 'messaging.consumer.group.name': 'tracer.notes' });

    // The upstream was called as a child of the client span; the event left as one of the producer's.
    expect(run.upstreamHeaders.traceparent).toBe(`00-${CALLER_TRACE}-${client.spanId}-01`);
    expect(run.event.traceparent).toBe(`00-${CALLER_TRACE}-${producer.spanId}-01`);

    const line = (msg: string) => run.lines.find((l) => l.msg === msg);
    for (const msg of ['incoming request', 'note taken', 'request completed']) {
      expect(line(msg)).toMatchObject({
        correlationId: 'corr-note-1',
        trace_id: CALLER_TRACE,
        span_id: server.spanId,
      });
    }
    expect(line('note heard')).toMatchObject({
      correlationId: 'corr-note-1',
      requestId: run.event.id,
      trace_id: CALLER_TRACE,
      span_id: consumer.spanId,
    });
    // Ids are bound once on a request's lines, never repeated by the work context.
    const raw = JSON.stringify(line('note taken'));
    expect(raw.match(/"trace_id"/g)).toHaveLength(1);
  }, 120_000);

  it('without COMPTOIR_OTLP_URL exports nothing and adds no traceparent, and logs still carry the ids', async () => {
    const before = collector.requests;
    const run = await oneNote(kind, undefined, { 'x-correlation-id': 'corr-note-2' });
    expect(run.upstreamHeaders.traceparent).toBeUndefined();
    expect(run.upstreamHeaders['x-correlation-id']).toBe('corr-note-2');
    expect(run.event.traceparent).toBeUndefined();
    expect(collector.requests).toBe(before);
    for (const line of run.lines.filter((l) => ['note taken', 'note heard'].includes(String(l.msg)))) {
      expect(line.correlationId).toBe('corr-note-2');
      expect(line).not.toHaveProperty('trace_id');
    }
  }, 120_000);
});
