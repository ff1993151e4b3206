import type { OfflineSaleFacts, SaleLine, TaxAmount } from '@comptoir/contracts';
import type { ReturnRecord, ReturnStatus } from '../domain/return.ts';
import type { SaleFailure, SaleRecord, SaleStatus, StockReturnReason } from '../domain/sale.ts';

/** Columns as stored; the kit returns timestamps as `Date` and bigint as number on both databases. */
type Timestamp = Date | string;

export const iso = (value: Timestamp): string => new Date(value).toISOString();
const isoOrNull = (value: Timestamp | null): string | null => (value === null ? null : iso(value));

export interface OrderRow {
  id: string;
  channel: 'pos';
  status: SaleStatus;
  cart_id: string | null;
  store_id: string;
  register_id: string;
  session_id: string;
  cashier_id: string;
  location_id: string;
  store_name: string;
  store_address: string;
  register_name: string;
  currency: string;
  subtotal: number;
  taxes: TaxAmount[];
  total: number;
  payment_method: 'cash' | 'card';
  tendered: number | null;
  stock_attempt: number;
  stock_return_reason: StockReturnReason | null;
  failure: SaleFailure | null;
  payment_id: string | null;
  change_due: number | null;
  card_brand: string | null;
  card_last4: string | null;
  receipt_number: number | null;
  receipt_series: string;
  offline: OfflineSaleFacts | null;
  key_scope: string;
  key: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
}

export const ORDER_COLUMNS = `id, channel, status, cart_id, store_id, register_id, session_id, cashier_id,
  location_id, store_name, store_address, register_name, currency, subtotal, taxes, total,
  payment_method, tendered, stock_attempt, stock_return_reason, failure, payment_id, change_due,
  card_brand, card_last4, receipt_number, receipt_series, offline, key_scope, key, created_at, updated_at,
  completed_at`;

export interface LineRow {
  order_id: string;
  line_no: number;
  sku: string;
  product_id: string;
  name: string;
  quantity: number;
  unit_price: number;
  line_total: number;
}

export const toSaleRecord = (row: OrderRow, lines: readonly LineRow[]): SaleRecord => ({
  id: row.id,
  channel: row.channel,
  status: row.status,
  cartId: row.cart_id,
  storeId: row.store_id,
  registerId: row.register_id,
  sessionId: row.session_id,
  cashierId: row.cashier_id,
  locationId: row.location_id,
  store: { name: row.store_name, address: row.store_address },
  registerName: row.register_name,
  currency: row.currency,
  lines: lines.map((line) => toSaleLine(line, row.currency)),
  subtotal: row.subtotal,
  taxes: row.taxes,
  total: row.total,
  method: row.payment_method,
  tendered: row.tendered,
  stockAttempt: row.stock_attempt,
  stockReturnReason: row.stock_return_reason,
  failure: row.failure,
  payment:
    row.payment_id === null
      ? null
      : {
          id: row.payment_id,
          changeDue: row.change_due,
          card:
            row.card_brand !== null && row.card_last4 !== null
              ? { brand: row.card_brand, last4: row.card_last4 }
              : null,
        },
  receiptNumber: row.receipt_number,
  receiptSeries: row.receipt_series,
  offline: row.offline,
  keyScope: row.key_scope,
  key: row.key,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
  completedAt: isoOrNull(row.completed_at),
});

const toSaleLine = (row: LineRow, currency: string): SaleLine => ({
  sku: row.sku,
  productId: row.product_id,
  name: row.name,
  quantity: row.quantity,
  unitPrice: { amount: row.unit_price, currency },
  lineTotal: { amount: row.line_total, currency },
});

export interface ReturnRow {
  id: string;
  order_id: string;
  status: ReturnStatus;
  session_id: string | null;
  cashier_id: string;
  currency: string;
  amount: number;
  refund_id: string | null;
  key_scope: string;
  key: string;
  created_at: Timestamp;
  completed_at: Timestamp | null;
}

export const RETURN_COLUMNS =
  'id, order_id, status, session_id, cashier_id, currency, amount, refund_id, key_scope, key, created_at, completed_at';

export interface ReturnLineRow {
  return_id: string;
  sku: string;
  quantity: number;
}

export const toReturnRecord = (row: ReturnRow, lines: readonly ReturnLineRow[]): ReturnRecord => ({
  id: row.id,
  saleId: row.order_id,
  status: row.status,
  sessionId: row.session_id,
  cashierId: row.cashier_id,
  currency: row.currency,
  amount: row.amount,
  refundId: row.refund_id,
  lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
  keyScope: row.key_scope,
  key: row.key,
  createdAt: iso(row.created_at),
  completedAt: isoOrNull(row.completed_at),
});

/** Groups child rows by their parent's id, keeping their order. */
export function groupBy<R, K extends keyof R>(rows: readonly R[], key: K): Map<R[K], R[]> {
  const groups = new Map<R[K], R[]>();
  for (const row of rows) {
    const group = groups.get(row[key]);
    if (group) group.push(row);
    else groups.set(row[key], [row]);
  }
  return groups;
}
