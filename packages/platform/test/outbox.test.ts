import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEvent } from '../src/bus/envelope.ts';
import { handleOnce, inboxMigrations } from '../src/bus/inbox.ts';
import { appendToOutbox, OutboxRelay, type OutboxRelayOptions, outboxMigrations } from '../src/bus/outbox.ts';
import type { EventEnvelope } from '../src/bus/types.ts';
import type { Db } from '../src/db/types.ts';
import { type TestBus, testBus, testBusKinds } from '../src/testing/bus.ts';
import { testDatabase } from '../src/testing/db.ts';

const log = pino({ level: 'silent' });
const sale = (n: number) =>
  createEvent({ type: 'sale.completed', source: '/comptoir/ordering', data: { n } });
let db: Db & { close(): Promise<void> };

beforeAll(async () => {
  db = await testDatabase('outbox-test');
  await db.migrate('platform.outbox', outboxMigrations);
  await db.migrate('platform.inbox', inboxMigrations);
  await db.query('create table ledger (line serial primary key, event_id text not null)');
});
afterAll(() => db?.close());
beforeEach(async () => {
  for (const table of ['outbox', 'inbox', 'ledger']) await db.query(`delete from ${table}`);
});

const count = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]?.n;

describe.each(testBusKinds())('the outbox relayed to the %s bus', (kind) => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  const setup = async () => {
    const bus = await testBus(kind);
    closers.push(() => bus.close());
    return bus;
  };
  const relayOn = (bus: TestBus, options: Partial<OutboxRelayOptions> = {}) => {
    const relay = new OutboxRelay({ db, bus, log, batchSize: 25, pollMs: 20, maxBackoffMs: 200, ...options });
    closers.push(() => relay.stop());
    return relay;
  };
  /** A consumer that records every delivery and applies each event through the inbox. */
  const consume = async (bus: TestBus) => {
    const received = new Set<string>();
    const state = { deliveries: 0, received };
    const sub = await bus.subscribe({
      queue: 'reporting.sales',
      topics: ['sale.completed'],
      prefetch: 20,
      backoffMs: () => 50,
      handler: async (event: EventEnvelope) => {
        state.deliveries++;
        received.add(event.id);
        await handleOnce(db, 'reporting.sales', event, async (tx) => {
          await tx.query('insert into ledger (event_id) values ($1)', [event.id]);
        });
      },
    });
    closers.push(() => sub.close());
    return state;
  };

  it('publishes nothing from a transaction that rolled back', async () => {
    const bus = await setup();
    const seen = await consume(bus);
    const relay = relayOn(bus);
    relay.start();
    const failed = db.transaction(async (tx) => {
      await appendToOutbox(tx, [sale(1)]);
      throw new Error('insufficient_stock');
    });
    await expect(failed).rejects.toThrow('insufficient_stock');
    await db.transaction((tx) => appendToOutbox(tx, [sale(2)]));
    relay.nudge();
    await vi.waitFor(() => expect(seen.received.size).toBe(1));
    await sleep(100);
    expect(seen.received.size).toBe(1);
    expect(await relay.backlog()).toBe(0);
  });

  it('loses nothing when the broker connection is cut mid-stream, and applies each event once', async () => {
    const bus = await setup();
    const seen = await consume(bus);
    const relay = relayOn(bus);
    relay.start();
    const ids: string[] = [];
    for (let batch = 0; batch < 50; batch++) {
      const events = Array.from({ length: 10 }, (_, i) => sale(batch * 10 + i));
      ids.push(...events.map((e) => e.id));
      await db.transaction((tx) => appendToOutbox(tx, events));
      relay.nudge();
      if (batch === 20) bus.cut(1_000);
      await sleep(5);
    }

    await vi.waitFor(() => expect(seen.received.size).toBe(500), { timeout: 30_000, interval: 100 });
    expect([...seen.received].sort()).toEqual([...ids].sort());
    await vi.waitFor(async () => expect(await relay.backlog()).toBe(0));
    await vi.waitFor(async () => expect(await count('select count(*)::int as n from ledger')).toBe(500));
    expect(await count('select count(distinct event_id)::int as n from ledger')).toBe(500);
    expect(await count('select count(*)::int as n from outbox where last_error is not null')).toBe(0);
    expect(await count('select max(attempts)::int as n from outbox')).toBeGreaterThan(1);
    expect(seen.deliveries).toBeGreaterThanOrEqual(500);
  }, 60_000);

  it('keeps unpublished events across a relay restart, and the next relay publishes them', async () => {
    const bus = await setup();
    const seen = await consume(bus);
    const events = Array.from({ length: 30 }, (_, i) => sale(i));
    await db.transaction((tx) => appendToOutbox(tx, events));

    bus.cut(60_000);
    const first = relayOn(bus, { batchSize: 50 });
    first.start();
    await vi.waitFor(async () =>
      expect(await count('select min(attempts)::int as n from outbox')).toBeGreaterThan(0),
    );
    await first.stop();
    expect(await first.backlog()).toBe(30);
    expect(await count('select count(*)::int as n from outbox where last_error is null')).toBe(0);
    expect(seen.received.size).toBe(0);

    bus.cut(0);
    const second = relayOn(bus);
    second.start();
    await vi.waitFor(() => expect(seen.received.size).toBe(30), { timeout: 20_000, interval: 100 });
    await vi.waitFor(async () => expect(await second.backlog()).toBe(0));
  }, 40_000);

  it('lets two relays share one outbox: every event published, none twice', async () => {
    const bus = await setup();
    const seen = await consume(bus);
    const events = Array.from({ length: 200 }, (_, i) => sale(i));
    for (let i = 0; i < 200; i += 20)
      await db.transaction((tx) => appendToOutbox(tx, events.slice(i, i + 20)));
    const [a, b] = [relayOn(bus, { batchSize: 10 }), relayOn(bus, { batchSize: 10 })];
    a.start();
    b.start();
    await vi.waitFor(() => expect(seen.received.size).toBe(200), { timeout: 20_000, interval: 50 });
    await sleep(200);
    expect(seen.deliveries).toBe(200);
  });

  it('deletes published rows once they are older than the retention', async () => {
    const bus = await setup();
    const relay = relayOn(bus, { retentionMs: 0, cleanupEveryMs: 0 });
    relay.start();
    await db.transaction((tx) => appendToOutbox(tx, [sale(1), sale(2)]));
    await vi.waitFor(async () => expect(await count('select count(*)::int as n from outbox')).toBe(0));
  });
});
