import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEvent } from '../src/bus/envelope.ts';
import type { EventEnvelope } from '../src/bus/types.ts';
import { type BuiltService, buildService } from '../src/service/build.ts';
import { defineService } from '../src/service/define.ts';
import { type TestAuth, testAuth } from '../src/testing/auth.ts';
import { type TestBus, testBus, testBusKinds } from '../src/testing/bus.ts';
import { testCache } from '../src/testing/cache.ts';
import { testDatabase } from '../src/testing/db.ts';

/**
 * A service with a durable queue through `subscribe` (`probe.jobs`: `job.poison` fails while
 * `broken`), a worker queue on the bus directly (`probe.work`), and a fan-out (`probe.live`).
 */
const state = { broken: true, handled: [] as string[], heard: [] as string[] };
const probe = defineService({
  name: 'probe',
  defaultPort: 0,
  async setup(ctx) {
    await ctx.subscribe('jobs', {
      topics: ['job.*'],
      maxAttempts: 2,
      backoffMs: () => 10,
      async handle(event) {
        if (event.type === 'job.poison' && state.broken) throw new Error('this job does not work yet');
        state.handled.push(event.id);
      },
    });
    const work = await ctx.bus.subscribe({
      queue: 'probe.work',
      topics: ['work.*'],
      handler: async () => {},
    });
    ctx.onClose(() => work.close());
    await ctx.fanOut('live', {
      topics: ['job.*'],
      handle(event) {
        state.heard.push(event.id);
      },
    });
  },
});

describe.each(testBusKinds())('the dead-letter admin of a service on the %s bus', (kind) => {
  let bus: TestBus;
  let auth: TestAuth;
  let service: BuiltService;
  let admin: { authorization: string };
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    bus = await testBus(kind);
    closers.push(() => bus.close());
    const db = await testDatabase('probe');
    closers.push(() => db.close());
    const cache = await testCache('probe');
    closers.push(() => cache.close());
    auth = await testAuth();
    service = await buildService(probe, {
      env: { LOG_LEVEL: 'silent' },
      db,
      cache,
      bus,
      tokenVerifier: auth.verifier,
    });
    closers.push(() => service.close());
    admin = await auth.headersFor({ roles: ['admin'] });
  }, 120_000);
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = admin) =>
    service.app.inject({ method, url: `/admin/dead-letters${url}`, headers });

  async function poisoned(count: number, first = 0): Promise<EventEnvelope[]> {
    const events = Array.from({ length: count }, (_, i) =>
      createEvent({ type: 'job.poison', source: '/comptoir/test', data: { n: first + i } }),
    );
    for (const event of events) await bus.publish([event]);
    return events;
  }

  it('is for admins only: 401 without a token, 403 for a customer', async () => {
    const anonymous = await service.app.inject({ method: 'GET', url: '/admin/dead-letters' });
    expect(anonymous.statusCode).toBe(401);
    const customer = await call('GET', '', await auth.headersFor({ roles: ['customer'] }));
    expect(customer.statusCode).toBe(403);
    expect(customer.json()).toMatchObject({ code: 'AUTH_FORBIDDEN' });
  });

  it("lists the service's durable queues with their depth — the worker's own queue too, never a fan-out", async () => {
    const response = await call('GET', '');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      items: [
        { queue: 'probe.jobs', ready: 0, retrying: 0, dead: expect.any(Number) },
        { queue: 'probe.work', ready: 0, retrying: 0, dead: 0 },
      ],
    });
  });

  it('shows the dead letters of a queue oldest first, a page at a time, and one by its event id', async () => {
    state.broken = true;
    const before = (await call('GET', '/probe.jobs')).json().total as number;
    // One at a time, each dead before the next is sent: retried side by side, three poisoned
    // messages reach the dead-letter queue in any order, and "oldest first" would mean nothing.
    const events: EventEnvelope[] = [];
    for (let n = 1; n <= 3; n++) {
      events.push(...(await poisoned(1, n - 1)));
      await vi.waitFor(async () => expect((await call('GET', '/probe.jobs')).json().total).toBe(before + n), {
        timeout: 15_000,
        interval: 100,
      });
    }
    const ids = new Set(events.map((e) => e.id));

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `/probe.jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { items: { event: EventEnvelope }[]; nextCursor: string | null } = (
        await call('GET', url)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      all.push(...page.items.map((letter) => letter.event.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all.filter((id) => ids.has(id))).toEqual(events.map((e) => e.id));

    const one = await call('GET', `/probe.jobs/${events[1]!.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      event: { id: events[1]!.id, type: 'job.poison', data: { n: 1 } },
      attempts: 2,
      error: expect.stringContaining('this job does not work yet'),
    });
    expect(Number.isNaN(Date.parse(one.json().deadAt))).toBe(false);
  });

  it('replays one dead letter by id, then all the rest, and the fixed handler takes them', async () => {
    state.broken = true;
    const events = await poisoned(2);
    await vi.waitFor(
      async () => {
        const items = (await call('GET', '/probe.jobs?limit=100')).json().items as { event: EventEnvelope }[];
        for (const e of events) expect(items.map((l) => l.event.id)).toContain(e.id);
      },
      { timeout: 15_000, interval: 100 },
    );
    state.broken = false;

    const one = await call('POST', `/probe.jobs/${events[0]!.id}/replay`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ replayed: 1 });
    await vi.waitFor(() => expect(state.handled).toContain(events[0]!.id), { timeout: 10_000 });
    expect((await call('GET', `/probe.jobs/${events[0]!.id}`)).statusCode).toBe(404);
    expect((await call('POST', `/probe.jobs/${events[0]!.id}/replay`)).statusCode).toBe(404);

    const rest = await call('POST', '/probe.jobs/replay');
    expect(rest.statusCode).toBe(200);
    expect(rest.json().replayed).toBeGreaterThanOrEqual(1);
    await vi.waitFor(() => expect(state.handled).toContain(events[1]!.id), { timeout: 10_000 });
    expect((await call('GET', '/probe.jobs')).json()).toMatchObject({
      total: 0,
      items: [],
      nextCursor: null,
    });
  });

  it('discards one dead letter of two for good, admins only; the other stays and can still be replayed', async () => {
    state.broken = true;
    const [doomed, kept] = await poisoned(2);
    await vi.waitFor(
      async () => {
        const items = (await call('GET', '/probe.jobs?limit=100')).json().items as { event: EventEnvelope }[];
        expect(items.map((l) => l.event.id)).toEqual(expect.arrayContaining([doomed!.id, kept!.id]));
      },
      { timeout: 15_000, interval: 100 },
    );

    const customer = await call(
      'DELETE',
      `/probe.jobs/${doomed!.id}`,
      await auth.headersFor({ roles: ['customer'] }),
    );
    expect(customer.statusCode).toBe(403);
    expect(customer.json()).toMatchObject({ code: 'AUTH_FORBIDDEN' });
    expect((await call('GET', `/probe.jobs/${doomed!.id}`)).statusCode).toBe(200);

    const discarded = await call('DELETE', `/probe.jobs/${doomed!.id}`);
    expect(discarded.statusCode).toBe(204);
    expect(discarded.body).toBe('');
    expect((await call('GET', `/probe.jobs/${doomed!.id}`)).statusCode).toBe(404);
    expect((await call('GET', `/probe.jobs/${kept!.id}`)).statusCode).toBe(200);

    const again = await call('DELETE', `/probe.jobs/${doomed!.id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'BUS_DEAD_LETTER_NOT_FOUND' });

    state.broken = false;
    const replayed = await call('POST', `/probe.jobs/${kept!.id}/replay`);
    expect(replayed.json()).toEqual({ replayed: 1 });
    await vi.waitFor(() => expect(state.handled).toContain(kept!.id), { timeout: 10_000 });
    expect(state.handled).not.toContain(doomed!.id);
  });

  it("answers 404 for a queue that is not the service's, a missing letter, and 400 for a forged cursor", async () => {
    const foreign = await call('GET', '/ordering.checkout');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'BUS_QUEUE_NOT_FOUND' });
    expect((await call('POST', '/probe./replay')).statusCode).toBe(404);
    const missing = await call('GET', '/probe.jobs/evt_01JD3Z8Q5V7W4X9Y2B6C0N1M3K');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'BUS_DEAD_LETTER_NOT_FOUND' });
    const forged = await call('GET', '/probe.jobs?cursor=bm90LWEtY3Vyc29y');
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'BUS_INVALID_CURSOR' });
  });

  it('keeps the admin routes out of the OpenAPI document, like /metrics', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths ?? {}).filter((path) => path.startsWith('/admin'))).toEqual([]);
  });

  it('hands every event to the fan-out as well, outside the inbox', async () => {
    const [event] = [createEvent({ type: 'job.done', source: '/comptoir/test', data: {} })];
    await bus.publish([event!]);
    await vi.waitFor(() => expect(state.heard).toContain(event!.id));
    await vi.waitFor(() => expect(state.handled).toContain(event!.id));
  });
});
