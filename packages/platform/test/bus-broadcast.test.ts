import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEvent } from '../src/bus/envelope.ts';
import type { EventEnvelope, Subscription } from '../src/bus/types.ts';
import { type TestBus, testBus, testBusKinds } from '../src/testing/bus.ts';

const source = '/comptoir/test';
const event = (type: string, data: unknown = {}) => createEvent({ type, source, data });

describe.each(testBusKinds())('broadcast subscriptions on the %s bus', (kind) => {
  const open: Array<TestBus | Subscription> = [];
  const bus = async () => {
    const made = await testBus(kind);
    open.push(made);
    return made;
  };
  const listen = async (
    b: TestBus,
    queue: string,
    topics: string[],
    handler?: (e: EventEnvelope) => Promise<void>,
    extra: { broadcast?: boolean } = { broadcast: true },
  ) => {
    const seen: EventEnvelope[] = [];
    const subscription = await b.subscribe({
      queue,
      topics,
      ...extra,
      handler: async (e) => {
        seen.push(e);
        await handler?.(e);
      },
    });
    open.unshift(subscription);
    return { seen, subscription };
  };

  afterEach(async () => {
    for (const item of open.splice(0)) await item.close();
  });

  it('gives every subscriber of the same name its own copy of every event, while a shared queue still splits them', async () => {
    const b = await bus();
    const replicaA = await listen(b, 'notifications.live', ['order.*']);
    const replicaB = await listen(b, 'notifications.live', ['order.*']);
    const workerA = await listen(b, 'notifications.work', ['order.*'], undefined, {});
    const workerB = await listen(b, 'notifications.work', ['order.*'], undefined, {});
    const sent = [
      event('order.placed'),
      event('order.confirmed'),
      event('order.shipped'),
      event('order.delivered'),
    ];
    await b.publish(sent);

    const ids = sent.map((e) => e.id);
    await vi.waitFor(() => expect(replicaA.seen.map((e) => e.id)).toEqual(ids));
    await vi.waitFor(() => expect(replicaB.seen.map((e) => e.id)).toEqual(ids));
    await vi.waitFor(() => expect(workerA.seen.length + workerB.seen.length).toBe(4));
    await sleep(100);
    expect([...workerA.seen, ...workerB.seen].map((e) => e.id).sort()).toEqual([...ids].sort());
  });

  it('only delivers the topics it is bound to', async () => {
    const b = await bus();
    const live = await listen(b, 'notifications.live', ['order.confirmed']);
    const everything = await listen(b, 'audit.live', ['#']);
    await b.publish([event('order.placed'), event('order.confirmed'), event('user.registered')]);
    await vi.waitFor(() => expect(everything.seen).toHaveLength(3));
    await sleep(100);
    expect(live.seen.map((e) => e.type)).toEqual(['order.confirmed']);
  });

  it('drops an event whose handler fails — no retry, no dead letter — and goes on with the next', async () => {
    const b = await bus();
    const live = await listen(b, 'notifications.live', ['order.*'], async (e) => {
      if (e.type === 'order.placed') throw new Error('a watcher went away');
    });
    await b.publish([event('order.placed')]);
    await b.publish([event('order.confirmed')]);
    await vi.waitFor(() => expect(live.seen.map((e) => e.type)).toEqual(['order.placed', 'order.confirmed']));
    await sleep(300);
    expect(live.seen).toHaveLength(2);
    expect(await b.deadLetters('notifications.live')).toEqual([]);
  });

  it('stops receiving once closed, and leaves the others receiving', async () => {
    const b = await bus();
    const gone = await listen(b, 'notifications.live', ['order.*']);
    const stays = await listen(b, 'notifications.live', ['order.*']);
    await b.publish([event('order.placed')]);
    await vi.waitFor(() => expect(gone.seen).toHaveLength(1));
    await gone.subscription.close();

    await b.publish([event('order.confirmed')]);
    await vi.waitFor(() => expect(stays.seen).toHaveLength(2));
    await sleep(100);
    expect(gone.seen).toHaveLength(1);
  });
});

describe.runIf(testBusKinds().includes('rabbitmq'))('a broadcast subscription on RabbitMQ', () => {
  const open: Array<TestBus | Subscription> = [];
  afterEach(async () => {
    for (const item of open.splice(0)) await item.close();
  });

  it('leaves no durable queue behind: nothing piles up for a replica that is gone', async () => {
    const b = await testBus('rabbitmq');
    open.push(b);
    const seen: string[] = [];
    const subscription = await b.subscribe({
      queue: 'notifications.live',
      topics: ['order.*'],
      broadcast: true,
      handler: async (e) => {
        seen.push(e.id);
      },
    });
    await b.publish([event('order.placed')]);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(await b.queueDepth('notifications.live')).toEqual({ ready: 0, retrying: 0, dead: 0 });
    await subscription.close();
    await b.publish([event('order.confirmed')]);
    await sleep(200);
    expect(seen).toHaveLength(1);
  });

  it('declares a fresh queue after the broker connection is cut, and receives again', async () => {
    const b = await testBus('rabbitmq');
    open.push(b);
    const seen: string[] = [];
    const subscription = await b.subscribe({
      queue: 'notifications.live',
      topics: ['order.*'],
      broadcast: true,
      handler: async (e) => {
        seen.push(e.type);
      },
    });
    open.unshift(subscription);
    await b.publish([event('order.placed')]);
    await vi.waitFor(() => expect(seen).toEqual(['order.placed']));

    b.cut(300);
    await vi.waitFor(
      async () => {
        await b.publish([event('order.confirmed')]);
        expect(seen).toContain('order.confirmed');
      },
      { timeout: 15_000, interval: 300 },
    );
  });
});
