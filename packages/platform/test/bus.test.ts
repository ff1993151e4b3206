import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEvent } from '../src/bus/envelope.ts';
import type { EventEnvelope, Subscription } from '../src/bus/types.ts';
import { currentContext, runWithContext } from '../src/logging/context.ts';
import { type TestBus, testBus, testBusKinds } from '../src/testing/bus.ts';

const source = '/comptoir/test';
const event = (type: string, data: unknown = {}) => createEvent({ type, source, data });
const fast = { backoffMs: () => 20 };

describe.each(testBusKinds())('the %s bus', (kind) => {
  const open: Array<TestBus | Subscription> = [];
  const bus = async () => {
    const made = await testBus(kind);
    open.push(made);
    return made;
  };
  /** Subscribes and collects what arrives. */
  const collect = async (
    b: TestBus,
    queue: string,
    topics: string[],
    handler?: (e: EventEnvelope) => Promise<void>,
  ) => {
    const seen: EventEnvelope[] = [];
    const sub = await b.subscribe({
      queue,
      topics,
      ...fast,
      handler: async (e) => {
        seen.push(e);
        await handler?.(e);
      },
    });
    open.unshift(sub);
    return seen;
  };

  afterEach(async () => {
    for (const item of open.splice(0)) await item.close();
  });

  it('routes each event to every queue bound to a matching topic: * is one word, # any number', async () => {
    const b = await bus();
    const orders = await collect(b, 'reporting.orders', ['order.*']);
    const deep = await collect(b, 'audit.orders', ['order.#']);
    const stock = await collect(b, 'ordering.stock', ['stock.reserved', 'stock.rejected']);
    const all = await collect(b, 'audit.all', ['#']);
    await b.publish([
      event('order.placed'),
      event('order.line.added'),
      event('stock.reserved'),
      event('user.registered'),
    ]);

    await vi.waitFor(() => expect(all).toHaveLength(4));
    await sleep(100);
    expect(orders.map((e) => e.type)).toEqual(['order.placed']);
    expect(deep.map((e) => e.type).sort()).toEqual(['order.line.added', 'order.placed']);
    expect(stock.map((e) => e.type)).toEqual(['stock.reserved']);
  });

  it('delivers the envelope intact, with its CloudEvents attributes and correlation id', async () => {
    const b = await bus();
    const seen = await collect(b, 'notifications.orders', ['order.placed']);
    const sent = createEvent({
      type: 'order.placed',
      source,
      data: { orderId: 'ord_1' },
      subject: 'ord_1',
      correlationId: 'c-1',
    });
    await b.publish([sent]);
    await vi.waitFor(() => expect(seen).toEqual([sent]));
  });

  it('shares one queue between competing consumers: each event goes to exactly one of them', async () => {
    const b = await bus();
    const first = await collect(b, 'inventory.orders', ['order.placed'], () => sleep(5));
    const second = await collect(b, 'inventory.orders', ['order.placed'], () => sleep(5));
    const sent = Array.from({ length: 40 }, () => event('order.placed'));
    await b.publish(sent);

    await vi.waitFor(() => expect(first.length + second.length).toBe(40));
    await sleep(100);
    const ids = [...first, ...second].map((e) => e.id);
    expect(new Set(ids).size).toBe(40);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
  });

  it('holds no more unacknowledged events per consumer than its prefetch', async () => {
    const b = await bus();
    let inHand = 0;
    let most = 0;
    let done = 0;
    const sub = await b.subscribe({
      queue: 'reporting.sales',
      topics: ['sale.completed'],
      prefetch: 3,
      handler: async () => {
        most = Math.max(most, ++inHand);
        await sleep(20);
        inHand--;
        done++;
      },
    });
    open.unshift(sub);
    await b.publish(Array.from({ length: 15 }, () => event('sale.completed')));
    await vi.waitFor(() => expect(done).toBe(15));
    expect(most).toBe(3);
  });

  it('retries a failing handler with back-off until it succeeds', async () => {
    const b = await bus();
    const times: number[] = [];
    const sub = await b.subscribe({
      queue: 'payments.orders',
      topics: ['order.placed'],
      backoffMs: (attempt) => attempt * 50,
      handler: async () => {
        times.push(Date.now());
        if (times.length < 3) throw new Error('provider timeout');
      },
    });
    open.unshift(sub);
    await b.publish([event('order.placed')]);
    await vi.waitFor(() => expect(times).toHaveLength(3));
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(45);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(95);
    await sleep(200);
    expect(times).toHaveLength(3);
    expect(await b.deadLetters('payments.orders')).toEqual([]);
  });

  it('moves a message whose handler keeps failing to the dead-letter queue after N tries, and replay re-delivers it', async () => {
    const b = await bus();
    let broken = true;
    const calls: string[] = [];
    const sub = await b.subscribe({
      queue: 'notifications.orders',
      topics: ['order.placed'],
      maxAttempts: 3,
      ...fast,
      handler: async (e) => {
        calls.push(e.id);
        if (broken) throw new Error('SMTP server refused the message');
      },
    });
    open.unshift(sub);
    const poison = event('order.placed', { orderId: 'ord_9' });
    await b.publish([poison]);

    await vi.waitFor(async () => expect(await b.deadLetters('notifications.orders')).toHaveLength(1));
    const [letter] = await b.deadLetters('notifications.orders');
    expect(letter).toMatchObject({ event: poison, attempts: 3 });
    expect(letter!.error).toContain('SMTP server refused the message');
    expect(Number.isNaN(Date.parse(letter!.deadAt))).toBe(false);
    expect(calls).toEqual([poison.id, poison.id, poison.id]);

    broken = false;
    expect(await b.replayDeadLetters('notifications.orders')).toBe(1);
    await vi.waitFor(() => expect(calls).toHaveLength(4));
    expect(await b.deadLetters('notifications.orders')).toEqual([]);
  });

  it('reads dead letters without consuming them, oldest first, and replays one by id', async () => {
    const b = await bus();
    const sub = await b.subscribe({
      queue: 'reporting.orders',
      topics: ['order.*'],
      maxAttempts: 1,
      handler: async () => {
        throw new Error('read model is broken');
      },
    });
    open.unshift(sub);
    const sent = [event('order.placed'), event('order.confirmed'), event('order.shipped')];
    for (const e of sent) await b.publish([e]);
    await vi.waitFor(async () => expect(await b.deadLetters('reporting.orders')).toHaveLength(3));
    await sub.close();
    open.shift();

    const ids = (letters: Awaited<ReturnType<TestBus['deadLetters']>>) => letters.map((l) => l.event.id);
    expect(ids(await b.deadLetters('reporting.orders'))).toEqual(sent.map((e) => e.id));
    expect(ids(await b.deadLetters('reporting.orders'))).toEqual(sent.map((e) => e.id));

    expect(await b.replayDeadLetters('reporting.orders', sent[1]!.id)).toBe(1);
    expect(ids(await b.deadLetters('reporting.orders'))).toEqual([sent[0]!.id, sent[2]!.id]);
    const replayed = await collect(b, 'reporting.orders', ['order.*']);
    await vi.waitFor(() => expect(replayed.map((e) => e.id)).toEqual([sent[1]!.id]));
    expect(await b.deadLetters('never.subscribed')).toEqual([]);
  });

  it("runs the handler in the event's work context, so what it publishes keeps the correlation id", async () => {
    const b = await bus();
    const contexts: Array<string | undefined> = [];
    const sub = await b.subscribe({
      queue: 'ordering.payments',
      topics: ['payment.succeeded'],
      handler: async () => {
        contexts.push(currentContext()?.correlationId);
        contexts.push(event('order.confirmed').correlationid);
      },
    });
    open.unshift(sub);
    const paid = runWithContext({ requestId: 'req_1', correlationId: 'corr_42' }, () =>
      event('payment.succeeded'),
    );
    await runWithContext({ requestId: 'req_2', correlationId: 'somebody-else' }, () => b.publish([paid]));
    await vi.waitFor(() => expect(contexts).toEqual(['corr_42', 'corr_42']));
  });

  it('tells how many messages wait in a queue with no consumer, and zeros for a queue never declared', async () => {
    const b = await bus();
    const sub = await b.subscribe({ queue: 'reporting.stock', topics: ['stock.*'], handler: async () => {} });
    await sub.close();
    await b.publish([event('stock.low'), event('stock.adjusted'), event('price.changed')]);
    await vi.waitFor(async () =>
      expect(await b.queueDepth('reporting.stock')).toEqual({ ready: 2, retrying: 0, dead: 0 }),
    );
    expect(await b.queueDepth('never.declared')).toEqual({ ready: 0, retrying: 0, dead: 0 });
  });

  it('waits for the handlers in hand when a subscription closes', async () => {
    const b = await bus();
    let finished = 0;
    const sub = await b.subscribe({
      queue: 'reporting.slow',
      topics: ['sale.completed'],
      handler: async () => {
        await sleep(150);
        finished++;
      },
    });
    await b.publish([event('sale.completed'), event('sale.completed')]);
    await vi.waitFor(() => expect(finished).toBe(0));
    await sleep(30);
    await sub.close();
    expect(finished).toBe(2);
  });

  it.runIf(kind === 'rabbitmq')(
    'reconnects after the connection is cut: publish fails meanwhile, consumers resume',
    async () => {
      const b = await bus();
      const seen = await collect(b, 'reporting.sales', ['sale.completed']);
      await b.publish([event('sale.completed')]);
      await vi.waitFor(() => expect(seen).toHaveLength(1));

      b.cut(500);
      await expect(b.publish([event('sale.completed')])).rejects.toThrow(/RabbitMQ/);
      await expect(b.ping()).rejects.toThrow(/unreachable/);

      await vi.waitFor(() => b.ping(), { timeout: 10_000, interval: 100 });
      await vi.waitFor(() => b.publish([event('sale.completed')]), { timeout: 5_000, interval: 100 });
      await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(2), { timeout: 5_000 });
    },
  );
});
