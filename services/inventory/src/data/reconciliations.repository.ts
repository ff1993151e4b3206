import type { Reconciliation } from '@comptoir/contracts';
import type { Queryable } from '@comptoir/platform';
import type { ReconciliationQuery, ReconciliationReader, ReconciliationWriter } from '../domain/ports.ts';
import { iso } from './rows.ts';

interface ReconciliationRow {
  id: string;
  sku: string;
  location_id: string;
  store_id: string | null;
  status: 'open' | 'resolved';
  quantity_short: number;
  sale_ids: string[] | string;
  opened_at: Date | string;
  updated_at: Date | string;
  resolved_at: Date | string | null;
  resolved_by: string | null;
  counted: number | null;
  movement_id: string | null;
}

const SELECT = `select r.id, r.sku, r.location_id, l.store_id, r.status, r.quantity_short, r.sale_ids,
    r.opened_at, r.updated_at, r.resolved_at, r.resolved_by, r.counted, r.movement_id
  from reconciliation r join location l on l.id = r.location_id`;

const toReconciliation = (row: ReconciliationRow): Reconciliation => ({
  id: row.id,
  sku: row.sku,
  locationId: row.location_id,
  storeId: row.store_id,
  status: row.status,
  quantityShort: row.quantity_short,
  saleIds: typeof row.sale_ids === 'string' ? JSON.parse(row.sale_ids) : row.sale_ids,
  openedAt: iso(row.opened_at),
  updatedAt: iso(row.updated_at),
  resolvedAt: row.resolved_at === null ? null : iso(row.resolved_at),
  resolvedBy: row.resolved_by,
  countedQuantity: row.counted,
  movementId: row.movement_id,
});

export function reconciliationReader(db: Queryable): ReconciliationReader {
  return {
    async list({ status, locationIds, afterId, take }: ReconciliationQuery) {
      const { rows } = await db.query<ReconciliationRow>(
        `${SELECT} where ($1::text is null or r.status = $1)
           and ($2::text[] is null or r.location_id = any($2::text[]))
           and ($3::text is null or r.id > $3)
         order by r.id limit $4`,
        [status ?? null, locationIds ? [...locationIds] : null, afterId ?? null, take],
      );
      return rows.map(toReconciliation);
    },
    async find(id) {
      const { rows } = await db.query<ReconciliationRow>(`${SELECT} where r.id = $1`, [id]);
      return rows[0] ? toReconciliation(rows[0]) : undefined;
    },
  };
}

export function reconciliationWriter(tx: Queryable): ReconciliationWriter {
  const reader = reconciliationReader(tx);
  return {
    ...reader,
    async openOrJoin({ id, sku, locationId, saleId, quantityShort, at }) {
      // One statement: of two offline oversells of one sku at once, one inserts, the other joins.
      const { rows } = await tx.query<{ id: string }>(
        `insert into reconciliation (id, sku, location_id, status, quantity_short, sale_ids, opened_at, updated_at)
         values ($1, $2, $3, 'open', $4, jsonb_build_array($5::text), $6, $6)
         on conflict (sku, location_id) where status = 'open' do update set
           quantity_short = excluded.quantity_short,
           sale_ids = case when reconciliation.sale_ids @> jsonb_build_array($5::text)
                           then reconciliation.sale_ids
                           else reconciliation.sale_ids || jsonb_build_array($5::text) end,
           updated_at = excluded.updated_at
         returning id`,
        [id, sku, locationId, quantityShort, saleId, at],
      );
      const row = rows[0];
      if (!row) throw new Error(`reconciliation of ${sku} at ${locationId} neither opened nor joined`);
      const found = await reader.find(row.id);
      if (!found) throw new Error(`reconciliation ${row.id} vanished`);
      return found;
    },
    async lock(id) {
      await tx.query('select id from reconciliation where id = $1 for update', [id]);
      return reader.find(id);
    },
    async resolve({ id, counted, movementId, by, at }) {
      await tx.query(
        `update reconciliation set status = 'resolved', counted = $2, movement_id = $3, resolved_by = $4,
           resolved_at = $5, updated_at = $5 where id = $1`,
        [id, counted, movementId, by, at],
      );
      const found = await reader.find(id);
      if (!found) throw new Error(`reconciliation ${id} vanished`);
      return found;
    },
  };
}
