import type { Migration, Queryable } from '../db/types.ts';
import type { EventEnvelope } from './types.ts';

export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.ts';

/** The `outbox` table, applied under the scope `platform.outbox` in every service database. */
export const outboxMigrations: Migration[] = [
  {
    version: 1,
    name: 'create_outbox',
    sql: `create table outbox (
  seq bigserial primary key,
  id text not null unique,
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  published_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index outbox_unpublished on outbox (seq) where published_at is null;
create index outbox_published_at on outbox (published_at) where published_at is not null;`,
  },
];

const ROWS_PER_INSERT = 500;

/**
 * Saves events in the caller's transaction, next to the state change they describe; the relay
 * publishes them after the commit. Never publish directly: a crash between a commit and a
 * publish would lose the event, or invent one for a rolled-back change.
 * @example
 * await db.transaction(async (tx) => {
 *   await tx.query('insert into orders …');
 *   await appendToOutbox(tx, [createEvent({ type: 'order.placed', source, data })]);
 * });
 * relay.nudge();
 */
export async function appendToOutbox(tx: Queryable, events: readonly EventEnvelope[]): Promise<void> {
  for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
    const chunk = events.slice(start, start + ROWS_PER_INSERT);
    const params: unknown[] = [];
    const rows = chunk.map((event) => {
      params.push(event.id, event.type, JSON.stringify(event));
      const n = params.length;
      return `($${n - 2}, $${n - 1}, $${n}::jsonb)`;
    });
    await tx.query(`insert into outbox (id, type, payload) values ${rows.join(', ')}`, params);
  }
}
