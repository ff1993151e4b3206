import type { Queryable } from '@comptoir/platform';
import type { Projections } from '../domain/ports.ts';

/** Online sales have no store; '' keeps them in the primary keys. */
export const ONLINE_STORE = '';
const storeKey = (storeId: string | null) => storeId ?? ONLINE_STORE;

/** The tables the fold writes — emptied by a rebuild. */
export const PROJECTION_TABLES = [
  'report_store',
  'daily_sales',
  'daily_products',
  'online_sale',
  'stock_alert',
  'register_session',
] as const;

/**
 * The read models' writes, on the event's transaction. Counters are added in place (`x = x + …`),
 * so two events folded at once by two replicas both count.
 */
export function projections(tx: Queryable): Projections {
  return {
    async knowStore(store) {
      await tx.query(
        `insert into report_store (store_id, code, name, updated_at) values ($1, $2, $3, $4)
         on conflict (store_id) do update set code = excluded.code, name = excluded.name, updated_at = excluded.updated_at
         where report_store.updated_at <= excluded.updated_at`,
        [store.id, store.code, store.name, store.updatedAt],
      );
    },
    async addSale(sale) {
      const items = sale.lines.reduce((sum, line) => sum + line.quantity, 0);
      await tx.query(
        `insert into daily_sales (day, store_id, channel, sales_count, items, gross, taxes)
         values ($1, $2, $3, 1, $4, $5, $6)
         on conflict (day, store_id, channel) do update set
           sales_count = daily_sales.sales_count + 1,
           items = daily_sales.items + excluded.items,
           gross = daily_sales.gross + excluded.gross,
           taxes = daily_sales.taxes + excluded.taxes`,
        [sale.day, storeKey(sale.storeId), sale.channel, items, sale.total, sale.taxes],
      );
      for (const line of sale.lines) {
        await tx.query(
          `insert into daily_products (day, store_id, channel, sku, name, quantity, revenue)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (day, store_id, channel, sku) do update set
             name = excluded.name,
             quantity = daily_products.quantity + excluded.quantity,
             revenue = daily_products.revenue + excluded.revenue`,
          [sale.day, storeKey(sale.storeId), sale.channel, line.sku, line.name, line.quantity, line.revenue],
        );
      }
    },
    async addRefund(refund) {
      await tx.query(
        `insert into daily_sales (day, store_id, channel, refunds_count, refunds) values ($1, $2, $3, 1, $4)
         on conflict (day, store_id, channel) do update set
           refunds_count = daily_sales.refunds_count + 1,
           refunds = daily_sales.refunds + excluded.refunds`,
        [refund.day, storeKey(refund.storeId), refund.channel, refund.amount],
      );
    },
    async countOnlineSale(orderId, total) {
      const { rowCount } = await tx.query(
        'insert into online_sale (order_id, total) values ($1, $2) on conflict (order_id) do nothing',
        [orderId, total],
      );
      return rowCount === 1;
    },
    async refundOnlineSale(orderId) {
      const { rows } = await tx.query<{ total: number }>(
        `update online_sale set refunded = true where order_id = $1 and not refunded returning total`,
        [orderId],
      );
      return rows[0]?.total ?? null;
    },
    async raiseStockAlert(alert) {
      await tx.query(
        `insert into stock_alert (sku, location_id, store_id, available, threshold, raised_at)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (sku, location_id) do update set
           store_id = coalesce(excluded.store_id, stock_alert.store_id), available = excluded.available,
           threshold = excluded.threshold, raised_at = excluded.raised_at`,
        [alert.sku, alert.locationId, alert.storeId, alert.available, alert.threshold, alert.occurredAt],
      );
    },
    async levelChanged(level) {
      await tx.query('delete from stock_alert where sku = $1 and location_id = $2 and $3 >= threshold', [
        level.sku,
        level.locationId,
        level.available,
      ]);
      await tx.query('update stock_alert set available = $3 where sku = $1 and location_id = $2', [
        level.sku,
        level.locationId,
        level.available,
      ]);
    },
    async sessionOpened(s) {
      // A close heard first (the bus keeps no order between two events) is not undone by the open.
      await tx.query(
        `insert into register_session (session_id, store_id, register_id, cashier_id, status, currency,
           opening_float, opened_at, opened_day)
         values ($1, $2, $3, $4, 'open', $5, $6, $7, $8) on conflict (session_id) do nothing`,
        [s.id, s.storeId, s.registerId, s.cashierId, s.currency, s.openingFloat, s.openedAt, s.openedDay],
      );
    },
    async sessionClosed(s) {
      await tx.query(
        `insert into register_session (session_id, store_id, register_id, cashier_id, status, currency,
           opening_float, opened_at, opened_day, closed_at, expected_cash, counted_cash, difference)
         values ($1, $2, $3, $4, 'closed', $5, $6, $7, $8, $9, $10, $11, $12)
         on conflict (session_id) do update set status = 'closed', closed_at = excluded.closed_at,
           expected_cash = excluded.expected_cash, counted_cash = excluded.counted_cash,
           difference = excluded.difference`,
        [
          s.id,
          s.storeId,
          s.registerId,
          s.cashierId,
          s.currency,
          s.openingFloat,
          s.openedAt,
          s.openedDay,
          s.closedAt,
          s.expectedCash,
          s.countedCash,
          s.difference,
        ],
      );
    },
  };
}
