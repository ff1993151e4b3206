import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEvent } from '../src/bus/envelope.ts';
import { handleOnce, inboxMigrations, pruneInbox } from '../src/bus/inbox.ts';
import type { Db, Queryable } from '../src/db/types.ts';
import { testBus, testBusKinds } from '../src/testing/bus.ts';
import { testDatabase } from '../src/testing/db.ts';

let db: Db & { close(): Promise<void> };

beforeAll(async () => {
  db = await testDatabase('inbox-test');
  await db.migrate('platform.inbox', inboxMigrations);
  await db.query('create table stock (sku text primary key, reserved int not null)');
});
afterAll(() => db?.close());
beforeEach(async () => {
  await db.query('delete from inbox');
  await db.query('delete from stock');
  await db.query(`insert into stock values ('A1', 0)`);
  runs = 0;
});

const reserve = createEvent({
  type: 'order.placed',
  source: '/comptoir/ordering',
  data: { sku: 'A1', quantity: 2 },
});
let runs = 0;
const reserveStock = async (tx: Queryable) => {
  runs++;
  await tx.query(`update stock set reserved = reserved + 2 where sku = 'A1'`);
};
const reserved = async () =>
  (await db.query<{ reserved: number }>('select reserved from stock')).rows[0]?.reserved;

describe('the inbox', () => {
  it('runs a handler once per consumer and event, and skips the repeat', async () => {
    await handleOnce(db, 'inventory.orders', reserve, reserveStock);
    await handleOnce(db, 'inventory.orders', reserve, reserveStock);
    expect(runs).toBe(1);
    expect(await reserved()).toBe(2);
  });

  it('lets another consumer handle the same event on its own', async () => {
    await handleOnce(db, 'inventory.orders', reserve, reserveStock);
    await handleOnce(db, 'reporting.orders', reserve, reserveStock);
    expect(runs).toBe(2);
  });

  it('forgets a failed attempt with its transaction, so the retry runs', async () => {
    const failing = handleOnce(db, 'inventory.orders', reserve, async (tx) => {
      await reserveStock(tx);
      throw new Error('deadlock detected');
    });
    await expect(failing).rejects.toThrow('deadlock detected');
    expect(await reserved()).toBe(0);
    await handleOnce(db, 'inventory.orders', reserve, reserveStock);
    expect(runs).toBe(2);
    expect(await reserved()).toBe(2);
  });

  it('prunes records older than the retention', async () => {
    await handleOnce(db, 'inventory.orders', reserve, reserveStock);
    expect(await pruneInbox(db, 60_000)).toBe(0);
    await sleep(5);
    expect(await pruneInbox(db, 0)).toBe(1);
  });

  describe.each(testBusKinds())('behind the %s bus', (kind) => {
    const closers: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const close of closers.splice(0).reverse()) await close();
    });

    it('handles an event delivered twice only once', async () => {
      const bus = await testBus(kind);
      closers.push(() => bus.close());
      let deliveries = 0;
      const sub = await bus.subscribe({
        queue: 'inventory.orders',
        topics: ['order.placed'],
        handler: async (event) => {
          await handleOnce(db, 'inventory.orders', event, reserveStock);
          deliveries++;
        },
      });
      closers.push(() => sub.close());

      await bus.publish([reserve]);
      await bus.publish([reserve]);
      // With a server database the two deliveries may run side by side: the second waits on the
      // first's inbox row, then skips.
      await vi.waitFor(() => expect(deliveries).toBe(2));
      expect(runs).toBe(1);
      expect(await reserved()).toBe(2);
    });
  });
});
