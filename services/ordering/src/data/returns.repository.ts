import type { Queryable } from '@comptoir/platform';
import type { ReturnReader, ReturnWriter } from '../domain/ports.ts';
import type { ReturnRecord } from '../domain/return.ts';
import { groupBy, RETURN_COLUMNS, type ReturnLineRow, type ReturnRow, toReturnRecord } from './rows.ts';

async function withLines(db: Queryable, rows: ReturnRow[]): Promise<ReturnRecord[]> {
  if (rows.length === 0) return [];
  const { rows: lines } = await db.query<ReturnLineRow>(
    `select return_id, sku, quantity from sale_return_line
      where return_id in (select jsonb_array_elements_text($1::jsonb))
      order by return_id, sku`,
    [JSON.stringify(rows.map((row) => row.id))],
  );
  const byReturn = groupBy(lines, 'return_id');
  return rows.map((row) => toReturnRecord(row, byReturn.get(row.id) ?? []));
}

export function returnReader(db: Queryable): ReturnReader {
  return {
    async ofSale(saleId) {
      const { rows } = await db.query<ReturnRow>(
        `select ${RETURN_COLUMNS} from sale_return where order_id = $1 order by id`,
        [saleId],
      );
      return withLines(db, rows);
    },
    async completedOf(saleIds) {
      if (saleIds.length === 0) return [];
      const { rows } = await db.query<ReturnRow>(
        `select ${RETURN_COLUMNS} from sale_return
          where status = 'completed' and order_id in (select jsonb_array_elements_text($1::jsonb))
          order by completed_at, id`,
        [JSON.stringify(saleIds)],
      );
      return withLines(db, rows);
    },
    async find(id) {
      const { rows } = await db.query<ReturnRow>(`select ${RETURN_COLUMNS} from sale_return where id = $1`, [
        id,
      ]);
      return (await withLines(db, rows))[0];
    },
  };
}

export function returnWriter(tx: Queryable): ReturnWriter {
  return {
    ...returnReader(tx),
    async insert(record) {
      const { rowCount } = await tx.query(
        `insert into sale_return (id, order_id, status, session_id, cashier_id, currency, amount, refund_id,
           key_scope, key, created_at, completed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         on conflict (id) do nothing`,
        [
          record.id,
          record.saleId,
          record.status,
          record.sessionId,
          record.cashierId,
          record.currency,
          record.amount,
          record.refundId,
          record.keyScope,
          record.key,
          record.createdAt,
          record.completedAt,
        ],
      );
      if (rowCount !== 1) return false;
      for (const line of record.lines) {
        await tx.query('insert into sale_return_line (return_id, sku, quantity) values ($1, $2, $3)', [
          record.id,
          line.sku,
          line.quantity,
        ]);
      }
      return true;
    },
    async lock(id) {
      const { rows } = await tx.query<ReturnRow>(
        `select ${RETURN_COLUMNS} from sale_return where id = $1 for update`,
        [id],
      );
      return (await withLines(tx, rows))[0];
    },
    async update(record) {
      await tx.query('update sale_return set status = $2, refund_id = $3, completed_at = $4 where id = $1', [
        record.id,
        record.status,
        record.refundId,
        record.completedAt,
      ]);
    },
    async remove(id, status) {
      // Lines first (they reference the return), and only if the return is still in `status`.
      await tx.query(
        `delete from sale_return_line
          where return_id = $1 and exists (select 1 from sale_return where id = $1 and status = $2)`,
        [id, status],
      );
      await tx.query('delete from sale_return where id = $1 and status = $2', [id, status]);
    },
  };
}
