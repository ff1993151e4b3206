import type { OrderStatus } from '@comptoir/contracts';
import type { Db, Queryable } from '@comptoir/platform';
import type { TrackedOrderSummary, TrackingReader } from '../domain/order-tracking.ts';
import type { TrackedChange, TrackedOrder } from '../domain/tracking.ts';

interface ChangeRow {
  seq: number;
  status: OrderStatus;
  at: Date;
  reason: string | null;
  tracking_number: string | null;
}

/** `tracked_orders` and `order_status_changes`: the orders live tracking knows of. */
export function trackingRepository(db: Db) {
  const reader: TrackingReader = {
    async find(orderId): Promise<TrackedOrderSummary | undefined> {
      const { rows } = await db.query<{ customer_id: string; last_seq: number; status: OrderStatus }>(
        'select customer_id, last_seq, status from tracked_orders where order_id = $1',
        [orderId],
      );
      const row = rows[0];
      return row ? { customerId: row.customer_id, lastSeq: row.last_seq, status: row.status } : undefined;
    },
    async changesAfter(orderId, seq): Promise<TrackedChange[]> {
      const { rows } = await db.query<ChangeRow>(
        `select seq, status, at, reason, tracking_number from order_status_changes
         where order_id = $1 and seq > $2 order by seq`,
        [orderId, seq],
      );
      return rows.map((row) => ({
        seq: row.seq,
        status: row.status,
        at: row.at.toISOString(),
        reason: row.reason,
        trackingNumber: row.tracking_number,
      }));
    },
  };

  return {
    reader,
    /**
     * Records what an event says of an order, in the handler's transaction. Changes already known
     * are kept as they are, so a redelivered or late event adds only what is new.
     */
    async record(tx: Queryable, order: TrackedOrder): Promise<void> {
      const last = order.changes.at(-1);
      await tx.query(
        `insert into tracked_orders (order_id, customer_id, last_seq, status) values ($1, $2, $3, $4)
         on conflict (order_id) do update
           set last_seq = excluded.last_seq, status = excluded.status, updated_at = now()
           where tracked_orders.last_seq < excluded.last_seq`,
        [order.orderId, order.customerId, last?.seq ?? 0, last?.status ?? 'pending'],
      );
      for (const change of order.changes) {
        await tx.query(
          `insert into order_status_changes (order_id, seq, status, at, reason, tracking_number)
           values ($1, $2, $3, $4, $5, $6)
           on conflict (order_id, seq) do nothing`,
          [order.orderId, change.seq, change.status, change.at, change.reason, change.trackingNumber],
        );
      }
    },
    /** Forgets orders nothing happened to for `olderThanMs`; a stream for one then answers 404. */
    async forgetOlderThan(olderThanMs: number): Promise<number> {
      const { rowCount } = await db.query(
        `delete from tracked_orders where updated_at < now() - $1::bigint * interval '1 millisecond'`,
        [olderThanMs],
      );
      return rowCount;
    },
  };
}
