import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { START_TIMEOUT_MS, startNotifications, type TestNotifications } from './notifications.fixture.ts';
import { newCustomerId, OrderStory } from './orders.fixture.ts';
import { openSse, type SseStream } from './sse-client.ts';

const HEARTBEAT_MS = 200;
const GRACE_MS = 1_500;

let service: TestNotifications;
let base: string;
const open: SseStream[] = [];
beforeAll(async () => {
  service = await startNotifications({
    NOTIFICATIONS_TRACKING_HEARTBEAT_MS: String(HEARTBEAT_MS),
    NOTIFICATIONS_TRACKING_GRACE_MS: String(GRACE_MS),
  });
  base = await service.app.listen({ host: '127.0.0.1', port: 0 });
}, START_TIMEOUT_MS);
afterAll(async () => {
  for (const stream of open) stream.close();
  await service?.close();
});

const WAIT = { timeout: 10_000, interval: 25 };

async function as(customerId: string, roles: ('customer' | 'admin')[] = ['customer']) {
  return service.auth.headersFor({ subject: customerId, roles });
}

async function follow(orderId: string, headers: Record<string, string>): Promise<SseStream> {
  const stream = await openSse(`${base}/orders/${orderId}/events`, headers);
  open.push(stream);
  return stream;
}

async function tell(step: { type: string; data: { order: { id: string } } }) {
  return service.publish(step.type, step.data, step.data.order.id);
}

/** Waits until the tracking table has heard of the order's `seq`th change. */
async function recorded(orderId: string, seq: number) {
  await vi.waitFor(async () => {
    const { rows } = await service.db.query(
      'select 1 from order_status_changes where order_id = $1 and seq = $2',
      [orderId, seq],
    );
    expect(rows).toHaveLength(1);
  }, WAIT);
}

const statuses = (stream: SseStream) => stream.messages.map((m) => (m.data as { status: string }).status);

describe('following an order live', () => {
  it('sends a late client the history so far, then each change as it happens, and ends after delivery', async () => {
    const customer = newCustomerId();
    const story = new OrderStory(customer);
    await tell(story.placed());
    await tell(story.confirmed());
    await recorded(story.id, 2);

    const stream = await follow(story.id, await as(customer));
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-store');
    expect(stream.headers['x-accel-buffering']).toBe('no');
    await vi.waitFor(() => expect(statuses(stream)).toEqual(['pending', 'confirmed']), WAIT);

    const shipped = story.shipped('Postes Canada', '7023 4567 8901 2345');
    await tell(shipped);
    await vi.waitFor(() => expect(stream.messages).toHaveLength(3), WAIT);
    expect(stream.isEnded()).toBe(false);
    await tell(story.delivered());
    await stream.ended;

    expect(stream.messages.map((m) => [m.id, m.event])).toEqual([
      ['1', 'status'],
      ['2', 'status'],
      ['3', 'status'],
      ['4', 'status'],
    ]);
    expect(stream.messages[0]?.data).toEqual({
      status: 'pending',
      at: story.order.history[0]?.at,
      reason: null,
    });
    expect(stream.messages[2]?.data).toEqual({
      status: 'shipped',
      at: shipped.data.change.at,
      reason: 'Postes Canada 7023 4567 8901 2345',
      trackingNumber: '7023 4567 8901 2345',
    });
    expect(stream.messages[3]?.data).toMatchObject({
      status: 'delivered',
      trackingNumber: '7023 4567 8901 2345',
    });
  });

  it('ends after a cancellation, with its reason', async () => {
    const customer = newCustomerId();
    const story = new OrderStory(customer);
    await tell(story.placed());
    const stream = await follow(story.id, await as(customer));
    await vi.waitFor(() => expect(statuses(stream)).toEqual(['pending']), WAIT);
    await tell(story.cancelled('payment_declined'));
    await stream.ended;
    expect(stream.messages.at(-1)?.data).toMatchObject({ status: 'cancelled', reason: 'payment_declined' });
    expect(stream.messages.at(-1)?.data).not.toHaveProperty('trackingNumber');
  });

  it('keeps an idle stream open with heartbeat comment lines', async () => {
    const customer = newCustomerId();
    const story = new OrderStory(customer);
    await tell(story.placed());
    const stream = await follow(story.id, await as(customer));
    await vi.waitFor(
      () => expect(stream.comments.filter((c) => c === 'keep-alive').length).toBeGreaterThanOrEqual(3),
      WAIT,
    );
    expect(stream.isEnded()).toBe(false);
    expect(stream.messages).toHaveLength(1);
  });

  it('resumes after Last-Event-ID, and answers 204 once a finished order has been seen whole', async () => {
    const customer = newCustomerId();
    const story = new OrderStory(customer);
    for (const step of [story.placed(), story.confirmed(), story.cancelled('out_of_stock', 'refunded')])
      await tell(step);
    await recorded(story.id, 3);

    const headers = await as(customer);
    const resumed = await follow(story.id, { ...headers, 'last-event-id': '1' });
    await resumed.ended;
    expect(resumed.messages.map((m) => m.id)).toEqual(['2', '3']);

    const finished = await follow(story.id, { ...headers, 'last-event-id': '3' });
    expect(finished.status).toBe(204);
    const bad = await follow(story.id, { ...headers, 'last-event-id': 'yesterday' });
    expect(bad.status).toBe(400);
  });

  it('sends each change once when an event is delivered twice or an older one arrives late', async () => {
    const customer = newCustomerId();
    const story = new OrderStory(customer);
    const placed = story.placed();
    const confirmed = story.confirmed();
    await tell(placed);
    const stream = await follow(story.id, await as(customer));
    await vi.waitFor(() => expect(stream.messages).toHaveLength(1), WAIT);
    const event = await tell(confirmed);
    await service.bus.publish([event]);
    await tell(placed);
    await tell(story.shipped('Purolator', 'PUR123', ['CAF-001']));
    await vi.waitFor(
      () => expect(statuses(stream)).toEqual(['pending', 'confirmed', 'partially_shipped']),
      WAIT,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stream.messages.map((m) => m.id)).toEqual(['1', '2', '3']);
    expect(stream.messages[2]?.data).toMatchObject({ trackingNumber: 'PUR123' });
    const { rows } = await service.db.query<{ last_seq: number; status: string }>(
      'select last_seq, status from tracked_orders where order_id = $1',
      [story.id],
    );
    expect(rows).toEqual([{ last_seq: 3, status: 'partially_shipped' }]);
  });

  it('catches up at the next heartbeat on a change this replica did not hear live', async () => {
    const customer = newCustomerId();
    const story = new OrderStory(customer);
    await tell(story.placed());
    const stream = await follow(story.id, await as(customer));
    await vi.waitFor(() => expect(stream.messages).toHaveLength(1), WAIT);
    // Written by another replica's consumer while this one's broker link was down: only the table has it.
    const confirmed = story.confirmed().data.change;
    await service.db.query(
      `insert into order_status_changes (order_id, seq, status, at, reason) values ($1, 2, 'confirmed', $2, null)`,
      [story.id, confirmed.at],
    );
    await vi.waitFor(() => expect(statuses(stream)).toEqual(['pending', 'confirmed']), WAIT);
  });
});

describe('who may follow an order', () => {
  it('answers 404 to another customer, as if the order did not exist, and lets an admin follow', async () => {
    const customer = newCustomerId();
    const story = new OrderStory(customer);
    await tell(story.placed());
    await recorded(story.id, 1);

    const stranger = await follow(story.id, await as(newCustomerId()));
    expect(stranger.status).toBe(404);
    expect(
      await (await fetch(`${base}/orders/${story.id}/events`, { headers: await as(newCustomerId()) })).json(),
    ).toMatchObject({
      code: 'NOTIFICATIONS_ORDER_NOT_FOUND',
    });
    const admin = await follow(story.id, await as('usr_head_office', ['admin']));
    expect(admin.status).toBe(200);
    await vi.waitFor(() => expect(statuses(admin)).toEqual(['pending']), WAIT);
    admin.close();
  });

  it('needs a token (401)', async () => {
    const response = await follow('ord_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', {});
    expect(response.status).toBe(401);
  });

  it('waits for an order placed a moment before notifications hears of it', async () => {
    const customer = newCustomerId();
    const story = new OrderStory(customer);
    const opening = follow(story.id, await as(customer));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await tell(story.placed());
    const stream = await opening;
    expect(stream.status).toBe(200);
    await vi.waitFor(() => expect(statuses(stream)).toEqual(['pending']), WAIT);
  });

  it('answers 404 for an order still unknown after the grace period', async () => {
    const started = Date.now();
    const stream = await follow('ord_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', await as(newCustomerId()));
    expect(stream.status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(GRACE_MS - 50);
  });
});

describe('the tracking queue', () => {
  it('parks an order event that breaks its contract in the dead-letter queue, for an admin to see and replay', async () => {
    const event = await service.publish('order.confirmed', { order: { id: 'ord_broken' } }, 'ord_broken');
    const headers = await as('usr_head_office', ['admin']);
    await vi.waitFor(
      async () => {
        const response = await service.app.inject({
          method: 'GET',
          url: `/admin/dead-letters/notifications.order-tracking/${event.id}`,
          headers,
        });
        expect(response.statusCode).toBe(200);
        expect(response.json().error).toContain('A order.confirmed event cannot be handled');
      },
      { timeout: 20_000, interval: 100 },
    );
    const replay = await service.app.inject({
      method: 'POST',
      url: `/admin/dead-letters/notifications.order-tracking/${event.id}/replay`,
      headers,
    });
    expect(replay.json()).toEqual({ replayed: 1 });
    const queues = await service.app.inject({ method: 'GET', url: '/admin/dead-letters', headers });
    expect(queues.json().items.map((q: { queue: string }) => q.queue)).toEqual([
      'notifications.emails',
      'notifications.order-tracking',
      'notifications.recipients',
    ]);
  });

  it('counts the open streams in /metrics, and forgets one whose client went away', async () => {
    const openStreams = async () => {
      const metrics = await service.app.inject({ method: 'GET', url: '/metrics' });
      return Number(/^order_streams_open\{service="notifications"\} (\d+)$/m.exec(metrics.body)?.[1]);
    };
    const customer = newCustomerId();
    const story = new OrderStory(customer);
    await tell(story.placed());
    const before = await openStreams();
    const stream = await follow(story.id, await as(customer));
    await vi.waitFor(() => expect(stream.messages).toHaveLength(1), WAIT);
    expect(await openStreams()).toBe(before + 1);
    stream.close();
    await vi.waitFor(async () => expect(await openStreams()).toBe(before), WAIT);
  });
});
