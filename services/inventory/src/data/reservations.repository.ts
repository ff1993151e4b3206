import type { StockLine, StockShortage } from '@comptoir/contracts';
import type { Queryable } from '@comptoir/platform';
import type { ReservationReader, ReservationRecord, ReservationWriter } from '../domain/ports.ts';
import { iso } from './rows.ts';

interface ReservationRow {
  id: string;
  order_id: string;
  location_id: string;
  status: ReservationRecord['status'];
  request_hash: string;
  expires_at: Date | string;
  release_reason: ReservationRecord['releaseReason'];
  shortages: StockShortage[];
  created_at: Date | string;
  updated_at: Date | string;
  expired: boolean;
}

// Expiry is judged by the database's clock, the same for every replica.
const COLUMNS = `id, order_id, location_id, status, request_hash, expires_at, release_reason, shortages,
  created_at, updated_at, expires_at <= now() as expired`;

const toRecord = (row: ReservationRow, lines: StockLine[]): ReservationRecord => ({
  id: row.id,
  orderId: row.order_id,
  locationId: row.location_id,
  status: row.status,
  lines,
  shortages: row.shortages,
  releaseReason: row.release_reason,
  expiresAt: iso(row.expires_at),
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
  requestHash: row.request_hash,
  expired: row.expired,
});

async function withLines(db: Queryable, row: ReservationRow | undefined) {
  if (!row) return undefined;
  const { rows } = await db.query<StockLine>(
    'select sku, quantity from reservation_line where reservation_id = $1 order by sku',
    [row.id],
  );
  return toRecord(row, rows);
}

async function selectOne(db: Queryable, sql: string, params: unknown[]) {
  const { rows } = await db.query<ReservationRow>(sql, params);
  return withLines(db, rows[0]);
}

export function reservationReader(db: Queryable): ReservationReader {
  return {
    async find(id) {
      const found = await selectOne(db, `select ${COLUMNS} from reservation where id = $1`, [id]);
      if (!found) return undefined;
      const { requestHash: _hash, expired: _expired, ...reservation } = found;
      return reservation;
    },
  };
}

export function reservationWriter(tx: Queryable): ReservationWriter {
  return {
    async claim(draft) {
      // An insert racing another for the same order waits for it, then finds its row.
      const { rows } = await tx.query<ReservationRow>(
        `insert into reservation (id, order_id, location_id, status, request_hash, expires_at)
         values ($1, $2, $3, 'active', $4, now() + $5::integer * interval '1 second')
         on conflict (order_id) do nothing
         returning ${COLUMNS}`,
        [draft.id, draft.orderId, draft.locationId, draft.requestHash, draft.ttlSeconds],
      );
      const inserted = rows[0];
      if (!inserted) {
        const existing = await selectOne(tx, `select ${COLUMNS} from reservation where order_id = $1`, [
          draft.orderId,
        ]);
        if (!existing) throw new Error(`Reservation of order ${draft.orderId} neither saved nor found`);
        return { created: false, reservation: existing };
      }
      const params: unknown[] = [draft.id];
      const values = draft.lines.map((line) => {
        params.push(line.sku, line.quantity);
        return `($1, $${params.length - 1}, $${params.length})`;
      });
      await tx.query(
        `insert into reservation_line (reservation_id, sku, quantity) values ${values.join(', ')}`,
        params,
      );
      return { created: true, reservation: toRecord(inserted, draft.lines) };
    },
    lock: (id) => selectOne(tx, `select ${COLUMNS} from reservation where id = $1 for update`, [id]),
    lockNextExpired: () =>
      // skip locked: replicas sweeping together each take a different reservation.
      selectOne(
        tx,
        `select ${COLUMNS} from reservation where status = 'active' and expires_at <= now()
         order by expires_at limit 1 for update skip locked`,
        [],
      ),
    async close(id, outcome) {
      const closed = await selectOne(
        tx,
        `update reservation set status = $2, release_reason = $3, shortages = $4::jsonb, updated_at = now()
         where id = $1 returning ${COLUMNS}`,
        [
          id,
          outcome.status,
          outcome.status === 'released' ? outcome.reason : null,
          JSON.stringify(outcome.status === 'rejected' ? outcome.shortages : []),
        ],
      );
      if (!closed) throw new Error(`Reservation ${id} vanished while locked`);
      return closed;
    },
  };
}
