import { type OtlpReceiver, startOtlpReceiver } from '@comptoir/platform/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Echo, type FakeUpstream, startFakeUpstream } from './fake-upstream.ts';
import { type RunningGateway, startGateway } from './gateway.ts';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const callerTraceparent = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;

let upstream: FakeUpstream;
let collector: OtlpReceiver;
let traced: RunningGateway;
let plain: RunningGateway;

beforeAll(async () => {
  [upstream, collector] = await Promise.all([startFakeUpstream('a'), startOtlpReceiver()]);
  traced = await startGateway({ CATALOG_URLS: upstream.url, COMPTOIR_OTLP_URL: collector.url });
  plain = await startGateway({ CATALOG_URLS: upstream.url });
});
afterAll(async () => {
  await traced?.close();
  await plain?.close();
  await Promise.all([upstream?.close(), collector?.close()]);
});

async function hop(gw: RunningGateway, headers: Record<string, string> = {}): Promise<Echo> {
  const response = await fetch(`${gw.url}/api/catalog/products?q=chaise`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as Echo;
}

describe('the proxy hop, traced', () => {
  it("sends the upstream a traceparent of its own client span, under its server span, under the caller's", async () => {
    const seen = await hop(traced, { traceparent: callerTraceparent });
    const [, traceId, spanId] = String(seen.headers.traceparent).split('-');
    expect(traceId).toBe(CALLER_TRACE);

    const spans = () => collector.spans.filter((span) => span.traceId === CALLER_TRACE);
    await vi.waitFor(() => expect(spans()).toHaveLength(2), { timeout: 20_000 });
    const server = spans().find((span) => span.kind === 2);
    const client = spans().find((span) => span.kind === 3);
    expect(server).toMatchObject({
      service: 'gateway',
      name: 'GET /api/catalog/*',
      parentSpanId: CALLER_SPAN,
    });
    expect(client).toMatchObject({ service: 'gateway', spanId, parentSpanId: server?.spanId });
    expect(client?.attributes).toMatchObject({ 'peer.service': 'catalog', 'http.response.status_code': 200 });
  });

  it('starts a new trace when the caller sent none', async () => {
    const seen = await hop(traced);
    expect(seen.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});

describe('the proxy hop, not traced (no COMPTOIR_OTLP_URL)', () => {
  it("adds no traceparent, and passes a caller's through untouched", async () => {
    expect((await hop(plain)).headers.traceparent).toBeUndefined();
    expect((await hop(plain, { traceparent: callerTraceparent })).headers.traceparent).toBe(
      callerTraceparent,
    );
  });
});
