/**
 * One trace across the platform: a head-office admin opens a store through the gateway; the
 * gateway hands the request to stores (an HTTP hop), stores saves `store.created` in its outbox,
 * and inventory hears it and makes the store's stock location (a message hop, on RabbitMQ when
 * COMPTOIR_AMQP_URL is set, in process otherwise). Every span goes to a stand-in collector.
 */
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '@comptoir/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Platform, startPlatform } from '../support/platform.ts';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

let collector: OtlpReceiver;
let platform: Platform;

beforeAll(async () => {
  collector = await startOtlpReceiver();
  // Every service of the platform reads it at build, as from its environment in production.
  process.env.COMPTOIR_OTLP_URL = collector.url;
  platform = await startPlatform();
}, 240_000);
afterAll(async () => {
  await platform?.close();
  await collector?.close();
  delete process.env.COMPTOIR_OTLP_URL;
});

/** The one span of this trace that `match` picks. */
function one(spans: readonly ReceivedSpan[], match: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter(match);
  expect(found).toHaveLength(1);
  return found[0] as ReceivedSpan;
}

describe('a trace across the platform', () => {
  it('follows one request from the gateway to stores and, through store.created, to inventory', async () => {
    const code = `TR-${Date.now().toString(36).toUpperCase()}`;
    const created = await platform.call(
      'POST',
      '/stores/stores',
      {
        code,
        name: 'Magasin tracé',
        district: 'Rosemont',
        type: 'boutique',
        address: '2, rue du Test, Montréal (Québec)',
      },
      platform.admin,
    );
    expect(created.status).toBe(201);
    const storeId: string = created.body.id;

    // The gateway's span of that request: the root of the trace (the client sent no traceparent).
    const gatewayServer = await eventually(async () =>
      collector.spans.find(
        (span) =>
          span.service === 'gateway' &&
          span.kind === SERVER &&
          span.attributes['http.request.method'] === 'POST' &&
          span.attributes['url.path'] === '/api/stores/stores',
      ),
    );
    const { traceId } = gatewayServer;
    const inTrace = () => collector.spans.filter((span) => span.traceId === traceId);
    // Inventory made the location on hearing the event: its consumer span ends the trace.
    await eventually(async () =>
      inTrace().find((span) => span.service === 'inventory' && span.kind === CONSUMER),
    );
    const location = await platform.call('GET', `/inventory/locations?storeId=${storeId}`);
    expect(location.body.items).toHaveLength(1);

    const spans = inTrace();
    expect(gatewayServer.parentSpanId).toBe('');
    const gatewayClient = one(spans, (s) => s.service === 'gateway' && s.kind === CLIENT);
    expect(gatewayClient.parentSpanId).toBe(gatewayServer.spanId);
    expect(gatewayClient.attributes['peer.service']).toBe('stores');

    const storesServer = one(spans, (s) => s.service === 'stores' && s.kind === SERVER);
    expect(storesServer).toMatchObject({ name: 'POST /stores', parentSpanId: gatewayClient.spanId });

    const published = one(spans, (s) => s.service === 'stores' && s.kind === PRODUCER);
    expect(published).toMatchObject({ name: 'publish store.created', parentSpanId: storesServer.spanId });

    const consumed = one(spans, (s) => s.service === 'inventory' && s.kind === CONSUMER);
    expect(consumed).toMatchObject({ name: 'process store.created', parentSpanId: published.spanId });
    expect(consumed.attributes['messaging.system']).toBe(
      process.env.COMPTOIR_AMQP_URL ? 'rabbitmq' : 'memory',
    );
  }, 120_000);
});
