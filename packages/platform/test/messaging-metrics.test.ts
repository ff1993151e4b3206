import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEvent } from '../src/bus/envelope.ts';
import { type BuiltService, buildService } from '../src/service/build.ts';
import { defineService } from '../src/service/define.ts';
import { type TestBus, testBus, testBusKinds } from '../src/testing/bus.ts';
import { testCache } from '../src/testing/cache.ts';
import { testDatabase } from '../src/testing/db.ts';

/** A service that saves `job.*` events through the outbox and consumes them; `job.poison` always fails. */
const probe = defineService({
  name: 'probe',
  defaultPort: 0,
  async setup(ctx) {
    ctx.app.post<{ Params: { type: string } }>('/jobs/:type', async (request, reply) => {
      await ctx.db.transaction((tx) => ctx.outbox.append(tx, [ctx.event(request.params.type, {})]));
      ctx.outbox.nudge();
      return reply.code(202).send();
    });
    await ctx.subscribe('jobs', {
      topics: ['job.*'],
      maxAttempts: 2,
      backoffMs: () => 10,
      async handle(event) {
        if (event.type === 'job.poison') throw new Error('this job never works');
      },
    });
  },
});

const WAIT = { timeout: 10_000, interval: 50 };

/** The value of one sample in a Prometheus text exposition, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => have[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe.each(testBusKinds())('the messaging metrics of a service on the %s bus', (kind) => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function start(): Promise<{ service: BuiltService; bus: TestBus; scrape: () => Promise<string> }> {
    const bus = await testBus(kind);
    closers.push(() => bus.close());
    const db = await testDatabase('probe');
    closers.push(() => db.close());
    const cache = await testCache('probe');
    closers.push(() => cache.close());
    const service = await buildService(probe, { env: { LOG_LEVEL: 'silent' }, db, cache, bus });
    closers.push(() => service.close());
    const scrape = async () => (await service.app.inject({ method: 'GET', url: '/metrics' })).body;
    return { service, bus, scrape };
  }

  it('shows every outcome at 0 as soon as the service subscribes, and its queue empty', async () => {
    const { scrape } = await start();
    const text = await scrape();
    for (const outcome of ['handled', 'duplicate', 'failed']) {
      expect(sample(text, 'comptoir_events_consumed_total', { queue: 'probe.jobs', outcome })).toBe(0);
    }
    for (const state of ['ready', 'retrying', 'dead']) {
      expect(sample(text, 'comptoir_queue_messages', { queue: 'probe.jobs', state })).toBe(0);
    }
    expect(sample(text, 'comptoir_outbox_oldest_event_age_seconds', { service: 'probe' })).toBe(0);
  });

  it('counts published events by type, deliveries by outcome, and a dead letter in its queue', async () => {
    const { service, bus, scrape } = await start();
    for (const type of ['job.done', 'job.done', 'job.poison']) {
      expect((await service.app.inject({ method: 'POST', url: `/jobs/${type}` })).statusCode).toBe(202);
    }
    // A redelivery: the same event twice, the second skipped by the inbox.
    const again = createEvent({ type: 'job.done', source: '/comptoir/test', data: {} });
    await bus.publish([again]);
    await vi.waitFor(async () => {
      const text = await scrape();
      expect(sample(text, 'comptoir_queue_messages', { queue: 'probe.jobs', state: 'dead' })).toBe(1);
    }, WAIT);
    await bus.publish([again]);

    await vi.waitFor(async () => {
      const text = await scrape();
      const consumed = (outcome: string) =>
        sample(text, 'comptoir_events_consumed_total', { queue: 'probe.jobs', outcome });
      expect(consumed('handled')).toBe(3);
      expect(consumed('duplicate')).toBe(1);
      expect(consumed('failed')).toBe(2);
    }, WAIT);
    const text = await scrape();
    expect(sample(text, 'comptoir_events_published_total', { type: 'job.done' })).toBe(2);
    expect(sample(text, 'comptoir_events_published_total', { type: 'job.poison' })).toBe(1);
    expect(sample(text, 'comptoir_queue_messages', { queue: 'probe.jobs', state: 'ready' })).toBe(0);

    expect(await bus.replayDeadLetters('probe.jobs')).toBe(1);
    await vi.waitFor(async () => {
      const after = await scrape();
      expect(
        sample(after, 'comptoir_events_consumed_total', { queue: 'probe.jobs', outcome: 'failed' }),
      ).toBe(4);
      expect(sample(after, 'comptoir_queue_messages', { queue: 'probe.jobs', state: 'dead' })).toBe(1);
    }, WAIT);
  });

  it('reports how old the oldest unpublished event is while the broker is away, and 0 once relayed', async () => {
    const { service, bus, scrape } = await start();
    bus.cut(1_500);
    expect((await service.app.inject({ method: 'POST', url: '/jobs/job.done' })).statusCode).toBe(202);
    await vi.waitFor(
      async () => {
        const text = await scrape();
        expect(sample(text, 'outbox_backlog')).toBe(1);
        expect(sample(text, 'comptoir_outbox_oldest_event_age_seconds')).toBeGreaterThan(0.2);
      },
      { timeout: 1_400 },
    );
    await vi.waitFor(async () => {
      const text = await scrape();
      expect(sample(text, 'comptoir_outbox_oldest_event_age_seconds')).toBe(0);
      expect(sample(text, 'comptoir_events_published_total', { type: 'job.done' })).toBe(1);
    }, WAIT);
  });
});
