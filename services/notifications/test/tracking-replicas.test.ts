import { type BuiltService, buildService, createEvent } from '@comptoir/platform';
import { type TestAuth, testAuth, testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { notifications } from '../src/app.ts';
import { START_TIMEOUT_MS } from './notifications.fixture.ts';
import { newCustomerId, OrderStory } from './orders.fixture.ts';
import { openSse, type SseStream } from './sse-client.ts';

// Two replicas on one database and one broker, as in a deployment. Heartbeats are far apart, so a
// stream can only learn of a change live, through its own replica's fan-out — never from the table.
let db: Awaited<ReturnType<typeof testDatabase>>;
let bus: Awaited<ReturnType<typeof testBus>>;
let cache: Awaited<ReturnType<typeof testCache>>;
let auth: TestAuth;
const replicas: { service: BuiltService; url: string; closed?: boolean }[] = [];
const streams: SseStream[] = [];

beforeAll(async () => {
  db = await testDatabase('notifications');
  cache = await testCache('notifications');
  bus = await testBus();
  auth = await testAuth();
  const env = {
    ...process.env,
    COMPTOIR_SMTP_URL: undefined,
    LOG_LEVEL: process.env.COMPTOIR_TEST_LOG_LEVEL ?? 'silent',
    NOTIFICATIONS_TRACKING_HEARTBEAT_MS: '60000',
  };
  for (let i = 0; i < 2; i++) {
    const service = await buildService(notifications, { env, db, cache, bus, tokenVerifier: auth.verifier });
    replicas.push({ service, url: await service.app.listen({ host: '127.0.0.1', port: 0 }) });
  }
}, START_TIMEOUT_MS);
afterAll(async () => {
  for (const stream of streams) stream.close();
  for (const { service } of replicas.filter((r) => !r.closed)) await service.close();
  await bus?.close();
  await cache?.close();
  await db?.close();
});

const publish = (step: { type: string; data: { order: { id: string } } }) =>
  bus.publish([
    createEvent({
      type: step.type,
      source: '/comptoir/ordering',
      data: step.data,
      subject: step.data.order.id,
    }),
  ]);

const statuses = (stream: SseStream) => stream.messages.map((m) => (m.data as { status: string }).status);

describe('live tracking across replicas', () => {
  it('streams every change to a client on either replica, whichever replica recorded it', async () => {
    const customer = newCustomerId();
    const story = new OrderStory(customer);
    const publish = (step: { type: string; data: { order: { id: string } } }) =>
      bus.publish([
        createEvent({
          type: step.type,
          source: '/comptoir/ordering',
          data: step.data,
          subject: step.data.order.id,
        }),
      ]);
    await publish(story.placed());
    const headers = await auth.headersFor({ subject: customer, roles: ['customer'] });
    for (const { url } of replicas) {
      const stream = await openSse(`${url}/orders/${story.id}/events`, headers);
      expect(stream.status).toBe(200);
      streams.push(stream);
    }
    for (const stream of streams) {
      await vi.waitFor(() => expect(statuses(stream)).toEqual(['pending']), { timeout: 10_000 });
    }

    await publish(story.confirmed());
    await publish(story.shipped('Postes Canada', 'PC-1'));
    await publish(story.delivered());
    for (const stream of streams) {
      await stream.ended;
      expect(statuses(stream)).toEqual(['pending', 'confirmed', 'shipped', 'delivered']);
      expect(stream.messages.map((m) => m.id)).toEqual(['1', '2', '3', '4']);
    }

    // The durable consumer records each change once, whichever replica takes each event (the
    // streams did not wait for it: on RabbitMQ the fan-out often arrives first).
    await vi.waitFor(
      async () => {
        const { rows } = await db.query<{ n: number }>(
          'select count(*)::int as n from order_status_changes where order_id = $1',
          [story.id],
        );
        expect(rows).toEqual([{ n: 4 }]);
      },
      { timeout: 10_000 },
    );
  });

  it('ends its streams when a replica shuts down; the client resumes on the other one with Last-Event-ID', async () => {
    const customer = newCustomerId();
    const story = new OrderStory(customer);
    await publish(story.placed());
    const headers = await auth.headersFor({ subject: customer, roles: ['customer'] });
    const [survivor, leaving] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    const first = await openSse(`${leaving.url}/orders/${story.id}/events`, headers);
    streams.push(first);
    await vi.waitFor(() => expect(statuses(first)).toEqual(['pending']), { timeout: 10_000 });

    const closing = leaving.service.close();
    leaving.closed = true;
    await first.ended;
    await closing;

    const resumed = await openSse(`${survivor.url}/orders/${story.id}/events`, {
      ...headers,
      'last-event-id': first.messages.at(-1)?.id ?? '',
    });
    streams.push(resumed);
    await publish(story.confirmed());
    await publish(story.cancelled('cancelled_by_customer', 'refunded'));
    await resumed.ended;
    expect(resumed.messages.map((m) => [m.id, (m.data as { status: string }).status])).toEqual([
      ['2', 'confirmed'],
      ['3', 'cancelled'],
    ]);
  });
});
