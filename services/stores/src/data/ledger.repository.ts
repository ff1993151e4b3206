import type { Queryable } from '@comptoir/platform';
import type { LedgerSession, LedgerWriter } from '../domain/ledger.ts';
import type { LedgerReader } from '../domain/ports.ts';
import { type ReturnRow, type SaleRow, toReturnEntry, toSaleEntry } from './rows.ts';

export function ledgerReader(db: Queryable): LedgerReader {
  return {
    async entriesOf(sessionId) {
      const sales = await db.query<SaleRow>(
        `select sale_id, method, subtotal, taxes, total, paid, late from session_sale
          where session_id = $1 order by completed_at, sale_id`,
        [sessionId],
      );
      const returns = await db.query<ReturnRow>(
        `select return_id, sale_id, method, amount, late from session_return
          where session_id = $1 order by returned_at, return_id`,
        [sessionId],
      );
      return { sales: sales.rows.map(toSaleEntry), returns: returns.rows.map(toReturnEntry) };
    },
  };
}

/** Recording ordering's sales and returns, inside the event's (inbox) transaction. */
export function ledgerWriter(tx: Queryable): LedgerWriter {
  return {
    async holdSession(id) {
      const { rows } = await tx.query<{
        id: string;
        store_id: string;
        register_id: string;
        status: 'open' | 'closed';
        currency: string;
      }>('select id, store_id, register_id, status, currency from cash_session where id = $1 for share', [
        id,
      ]);
      const row = rows[0];
      if (!row) return undefined;
      const session: LedgerSession = {
        id: row.id,
        storeId: row.store_id,
        registerId: row.register_id,
        status: row.status,
        currency: row.currency,
      };
      return session;
    },
    async insertSale(s) {
      const { rowCount } = await tx.query(
        `insert into session_sale (sale_id, session_id, register_id, store_id, cashier_id, receipt_number,
           currency, subtotal, taxes, total, method, paid, completed_at, late)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14)
         on conflict (sale_id) do nothing`,
        [
          s.saleId,
          s.sessionId,
          s.registerId,
          s.storeId,
          s.cashierId,
          s.receiptNumber,
          s.currency,
          s.subtotal,
          JSON.stringify(s.taxes),
          s.total,
          s.method,
          s.paid,
          s.completedAt,
          s.late,
        ],
      );
      return rowCount === 1;
    },
    async sessionOfSale(saleId) {
      const { rows } = await tx.query<{ session_id: string }>(
        'select session_id from session_sale where sale_id = $1',
        [saleId],
      );
      return rows[0]?.session_id;
    },
    async insertReturn(r) {
      const { rowCount } = await tx.query(
        `insert into session_return (return_id, sale_id, session_id, attributed, store_id, cashier_id, method,
           currency, amount, returned_at, late)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         on conflict (return_id) do nothing`,
        [
          r.returnId,
          r.saleId,
          r.sessionId,
          r.attributed,
          r.storeId,
          r.cashierId,
          r.method,
          r.currency,
          r.amount,
          r.returnedAt,
          r.late,
        ],
      );
      return rowCount === 1;
    },
    async attachWaitingReturns(saleId, sessionId, late) {
      const { rowCount } = await tx.query(
        `update session_return r set session_id = $2, attributed = 'sale', late = $3
          from cash_session s
          where r.sale_id = $1 and r.session_id is null and s.id = $2 and r.currency = s.currency`,
        [saleId, sessionId, late],
      );
      return rowCount;
    },
  };
}
