import type { Db, Migration, Queryable } from '../db/types.ts';
import type { EventEnvelope } from './types.ts';

/** The `inbox` table, applied under the scope `platform.inbox` in every service database. */
export const inboxMigrations: Migration[] = [
  {
    version: 1,
    name: 'create_inbox',
    sql: `create table inbox (
  consumer text not null,
  event_id text not null,
  event_type text not null,
  handled_at timestamptz not null default now(),
  primary key (consumer, event_id)
);
create index inbox_handled_at on inbox (handled_at);`,
  },
];

/**
 * Handles an event at most once per consumer: `fn` runs in a transaction that first records
 * `(consumer, event.id)`; a redelivered event finds its row and is skipped. If `fn` throws, the
 * record rolls back with it and the bus retries. Two deliveries racing each other serialise on
 * the primary key: the second waits for the first and then skips (or runs if the first failed).
 * Resolves to whether `fn` ran (false: a duplicate, skipped).
 * @example
 * await bus.subscribe({ queue: 'inventory.orders', topics: ['order.placed'], handler: (event) =>
 *   handleOnce(db, 'inventory.orders', event, (tx) => reserveStock(tx, event.data)) });
 */
export async function handleOnce(
  db: Db,
  consumer: string,
  event: EventEnvelope,
  fn: (tx: Queryable) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      `insert into inbox (consumer, event_id, event_type) values ($1, $2, $3)
       on conflict (consumer, event_id) do nothing`,
      [consumer, event.id, event.type],
    );
    if (rowCount === 0) return false;
    await fn(tx);
    return true;
  });
}

/**
 * Forgets inbox records older than `olderThanMs` (default 7 days): redelivery happens within
 * minutes, so old rows only take space. Call it from a periodic job.
 */
export async function pruneInbox(db: Queryable, olderThanMs = 7 * 86_400_000): Promise<number> {
  const { rowCount } = await db.query(
    `delete from inbox where handled_at < now() - $1::bigint * interval '1 millisecond'`,
    [olderThanMs],
  );
  return rowCount;
}
