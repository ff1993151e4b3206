import type { Queryable } from '@comptoir/platform';
import type { ReceiptCounter, SaleFilter, SaleReader, SaleVersion, SaleWriter } from '../domain/ports.ts';
import type { SaleRecord } from '../domain/sale.ts';
import { groupBy, type LineRow, ORDER_COLUMNS, type OrderRow, toSaleRecord } from './rows.ts';

const LINE_COLUMNS = 'order_id, line_no, sku, product_id, name, quantity, unit_price, line_total';

async function withLines(db: Queryable, rows: OrderRow[]): Promise<SaleRecord[]> {
  if (rows.length === 0) return [];
  const { rows: lines } = await db.query<LineRow>(
    `select ${LINE_COLUMNS} from order_line
      where order_id in (select jsonb_array_elements_text($1::jsonb))
      order by order_id, line_no`,
    [JSON.stringify(rows.map((row) => row.id))],
  );
  const byOrder = groupBy(lines, 'order_id');
  return rows.map((row) => toSaleRecord(row, byOrder.get(row.id) ?? []));
}

async function findOne(db: Queryable, id: string, lock: boolean): Promise<SaleRecord | undefined> {
  const { rows } = await db.query<OrderRow>(
    `select ${ORDER_COLUMNS} from orders where id = $1${lock ? ' for update' : ''}`,
    [id],
  );
  return (await withLines(db, rows))[0];
}

export function saleReader(db: Queryable): SaleReader {
  return {
    find: (id) => findOne(db, id, false),
    async list(filter: SaleFilter) {
      const where = ["status = 'completed'", "channel = 'pos'"];
      const params: unknown[] = [];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (filter.storeId !== undefined) where.push(`store_id = ${param(filter.storeId)}`);
      if (filter.storeIds !== undefined) {
        where.push(
          `store_id in (select jsonb_array_elements_text(${param(JSON.stringify(filter.storeIds))}::jsonb))`,
        );
      }
      if (filter.sessionId !== undefined) where.push(`session_id = ${param(filter.sessionId)}`);
      if (filter.registerId !== undefined) where.push(`register_id = ${param(filter.registerId)}`);
      if (filter.review) where.push("jsonb_array_length(coalesce(offline -> 'review', '[]'::jsonb)) > 0");
      if (filter.after) {
        where.push(
          `(completed_at, id) < (${param(filter.after.completedAt)}::timestamptz, ${param(filter.after.id)})`,
        );
      }
      const { rows } = await db.query<OrderRow>(
        `select ${ORDER_COLUMNS} from orders where ${where.join(' and ')}
          order by completed_at desc, id desc limit ${param(filter.take)}`,
        params,
      );
      return withLines(db, rows);
    },
  };
}

export function saleWriter(tx: Queryable): SaleWriter {
  async function insertLines(sale: SaleRecord): Promise<void> {
    await tx.query('delete from order_line where order_id = $1', [sale.id]);
    for (const [i, line] of sale.lines.entries()) {
      await tx.query(`insert into order_line (${LINE_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        sale.id,
        i + 1,
        line.sku,
        line.productId,
        line.name,
        line.quantity,
        line.unitPrice.amount,
        line.lineTotal.amount,
      ]);
    }
  }

  return {
    async insert(sale) {
      const { rowCount } = await tx.query(
        `insert into orders (id, channel, status, cart_id, store_id, register_id, session_id, cashier_id,
           location_id, store_name, store_address, register_name, currency, subtotal, taxes, total,
           payment_method, tendered, stock_attempt, key_scope, key, created_at, updated_at,
           receipt_number, receipt_series, offline, completed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16,
                 $17, $18, $19, $20, $21, $22, $23, $24, $25, $26::jsonb, $27)
         on conflict (id) do nothing`,
        [
          sale.id,
          sale.channel,
          sale.status,
          sale.cartId,
          sale.storeId,
          sale.registerId,
          sale.sessionId,
          sale.cashierId,
          sale.locationId,
          sale.store.name,
          sale.store.address,
          sale.registerName,
          sale.currency,
          sale.subtotal,
          JSON.stringify(sale.taxes),
          sale.total,
          sale.method,
          sale.tendered,
          sale.stockAttempt,
          sale.keyScope,
          sale.key,
          sale.createdAt,
          sale.updatedAt,
          // An offline sale comes numbered by its register; an online one is numbered as it completes.
          sale.receiptNumber,
          sale.receiptSeries,
          sale.offline === null ? null : JSON.stringify(sale.offline),
          // An offline sale was sold before we hear of it: that moment is its time.
          sale.completedAt,
        ],
      );
      if (rowCount !== 1) return false;
      await insertLines(sale);
      return true;
    },
    lock: (id) => findOne(tx, id, true),
    async advance(sale, expected: SaleVersion) {
      const { rowCount } = await tx.query(
        `update orders set status = $3, stock_attempt = $4, stock_return_reason = $5, failure = $6::jsonb,
           payment_id = $7, change_due = $8, card_brand = $9, card_last4 = $10, receipt_number = $11,
           updated_at = $12, completed_at = $13
         where id = $1 and status = $2 and stock_attempt = $14`,
        [
          sale.id,
          expected.status,
          sale.status,
          sale.stockAttempt,
          sale.stockReturnReason,
          sale.failure === null ? null : JSON.stringify(sale.failure),
          sale.payment?.id ?? null,
          sale.payment?.changeDue ?? null,
          sale.payment?.card?.brand ?? null,
          sale.payment?.card?.last4 ?? null,
          sale.receiptNumber,
          sale.updatedAt,
          sale.completedAt,
          expected.stockAttempt,
        ],
      );
      return rowCount === 1;
    },
    async refresh(sale) {
      await tx.query(
        `update orders set status = $2, cart_id = $3, store_id = $4, register_id = $5, session_id = $6,
           cashier_id = $7, location_id = $8, store_name = $9, store_address = $10, register_name = $11,
           currency = $12, subtotal = $13, taxes = $14::jsonb, total = $15, payment_method = $16,
           tendered = $17, key_scope = $18, key = $19, failure = null, stock_return_reason = null,
           updated_at = $20
         where id = $1`,
        [
          sale.id,
          sale.status,
          sale.cartId,
          sale.storeId,
          sale.registerId,
          sale.sessionId,
          sale.cashierId,
          sale.locationId,
          sale.store.name,
          sale.store.address,
          sale.registerName,
          sale.currency,
          sale.subtotal,
          JSON.stringify(sale.taxes),
          sale.total,
          sale.method,
          sale.tendered,
          sale.keyScope,
          sale.key,
          sale.updatedAt,
        ],
      );
      await insertLines(sale);
    },
  };
}

export function receiptCounter(tx: Queryable): ReceiptCounter {
  return {
    async next(registerId) {
      // The row lock taken here is held to the commit: sales of one register number one at a time.
      const { rows } = await tx.query<{ last_number: number }>(
        `insert into register_receipt_counter (register_id, last_number) values ($1, 1)
         on conflict (register_id) do update set last_number = register_receipt_counter.last_number + 1
         returning last_number`,
        [registerId],
      );
      const row = rows[0];
      if (!row) throw new Error(`no receipt number for register ${registerId}`);
      return row.last_number;
    },
  };
}
