import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, type HttpApp } from '../src/http/app.ts';
import { createLogger } from '../src/logging/logger.ts';
import { createMetrics, type ServiceMetrics } from '../src/metrics/metrics.ts';

let app: HttpApp;
let metrics: ServiceMetrics;

beforeAll(async () => {
  metrics = createMetrics('demo');
  app = await createHttpApp({
    service: 'demo',
    version: '1.0.0',
    logger: createLogger('demo', { level: 'silent', pretty: false }),
    metrics,
    readiness: {},
    bodyLimit: 1024,
  });
  app.get('/events', async (_request, reply) => {
    const stream = new PassThrough();
    setTimeout(() => stream.end('data: {}\n\n'), 50);
    return reply.header('content-type', 'text/event-stream; charset=utf-8').send(stream);
  });
  app.get('/json', async () => ({ ok: true }));
});
afterAll(() => app.close());

describe('request metrics of a stream', () => {
  it('leaves a Server-Sent Events stream out of the latency histogram, which measures answers', async () => {
    expect((await app.inject({ method: 'GET', url: '/events' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/json' })).statusCode).toBe(200);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/json"[^}]*\} 1/);
    expect(text).not.toMatch(/http_request_duration_seconds_count\{[^}]*route="\/events"/);
    expect(text).toMatch(/^http_requests_in_flight\{[^}]*\} 0$/m);
  });
});
