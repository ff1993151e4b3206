import type {
  Money,
  OfflineSaleFacts,
  SaleCompleted,
  SaleLine,
  SalePayment,
  TaxAmount,
} from '@comptoir/contracts';

/**
 * A POS sale, as ordering keeps it while it happens and once it is done. Every step after the
 * first runs against another service with a key derived from the sale, so any attempt — the
 * first, a retry after a lost answer, one taking over from a crashed replica — can pick the
 * sale up where it stands and drive it on (domain/sale-progress.ts):
 *
 *   draft ─▶ taking_stock ─▶ stock_taken ─▶ completed
 *                                 │
 *                                 ▼
 *                          returning_stock ─▶ declined  (the card was refused: final)
 *                                 │
 *                                 ▼
 *                    draft, next stock attempt  (the payment could not be taken: retry)
 */
export type SaleStatus =
  | 'draft'
  | 'taking_stock'
  | 'stock_taken'
  | 'returning_stock'
  | 'declined'
  | 'completed';

/** Why the stock of an attempt is being put back. */
export type StockReturnReason = 'declined' | 'payment_unavailable' | 'payment_refused';

/** What went wrong with the payment, kept so that whichever attempt finishes the story can tell it. */
export interface SaleFailure {
  code: string;
  kind: string;
  message: string;
  reason?: string;
  paymentId?: string;
  errors?: { pointer: string; detail: string }[];
}

export interface PaymentMethodInput {
  method: 'cash' | 'card';
  /** Cash: minor units handed over. */
  tendered: number | null;
}

export interface SaleRecord {
  id: string;
  channel: 'pos';
  status: SaleStatus;
  /** The register session's cart; null for a sale made offline (the register kept the basket). */
  cartId: string | null;
  storeId: string;
  registerId: string;
  sessionId: string;
  cashierId: string;
  locationId: string;
  store: { name: string; address: string };
  registerName: string;
  currency: string;
  lines: SaleLine[];
  subtotal: number;
  taxes: TaxAmount[];
  total: number;
  method: 'cash' | 'card';
  tendered: number | null;
  stockAttempt: number;
  stockReturnReason: StockReturnReason | null;
  failure: SaleFailure | null;
  payment: { id: string; changeDue: number | null; card: { brand: string; last4: string } | null } | null;
  receiptNumber: number | null;
  /** '' for the register's online series; `<offline prefix>-<device>` for an offline one. */
  receiptSeries: string;
  /** Set for a sale the register made offline and synced later. */
  offline: OfflineSaleFacts | null;
  keyScope: string;
  key: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

/** The receipt as a till prints it. */
export interface Receipt {
  number: number;
  /** `<register name>-000042`. */
  printed: string;
  store: { id: string; name: string; address: string };
  register: { id: string; name: string };
  cashier: { id: string };
  lines: SaleLine[];
  subtotal: Money;
  taxes: TaxAmount[];
  total: Money;
  payment: SalePayment;
  issuedAt: string;
}

export interface ReturnSummary {
  id: string;
  lines: { sku: string; quantity: number }[];
  refund: Money;
  returnedAt: string;
}

/** A completed sale as the API shows it. */
export interface Sale {
  id: string;
  channel: 'pos';
  status: 'completed';
  storeId: string;
  registerId: string;
  sessionId: string;
  cashierId: string;
  cartId: string | null;
  currency: string;
  lines: SaleLine[];
  subtotal: Money;
  taxes: TaxAmount[];
  total: Money;
  payment: SalePayment;
  receipt: Receipt;
  offline?: OfflineSaleFacts;
  returns: ReturnSummary[];
  amountRefunded: Money;
  completedAt: string;
}

/** The inventory key of the current stock attempt: the sale id, then `<id>.2`, `<id>.3`… */
export const stockKey = (sale: Pick<SaleRecord, 'id' | 'stockAttempt'>): string =>
  sale.stockAttempt === 1 ? sale.id : `${sale.id}.${sale.stockAttempt}`;

/** The inventory key that puts the current attempt's stock back. */
export const stockReturnKey = (sale: Pick<SaleRecord, 'id' | 'stockAttempt'>): string =>
  `void-${stockKey(sale)}`;

/** The payments key of the sale: one payment per sale, whatever the attempt. */
export const paymentKey = (saleId: string): string => `sale-${saleId}`;

/**
 * Whether the sale is still only an intention: refused before any payment was asked for (short
 * stock, a closed session). Such a draft is re-read from the cart on the next try, and its id may
 * be used again under another key, for nothing was kept anywhere under it.
 */
export const isUntouched = (sale: Pick<SaleRecord, 'status' | 'stockAttempt'>): boolean =>
  sale.status === 'draft' && sale.stockAttempt === 1;

/** One stock line per sku (a cart holds a sku once; this holds even if it did not). */
export function stockLines(lines: readonly SaleLine[]): { sku: string; quantity: number }[] {
  const bySku = new Map<string, number>();
  for (const line of lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

const money = (amount: number, currency: string): Money => ({ amount, currency });

export function salePayment(sale: SaleRecord): SalePayment {
  if (!sale.payment) throw new Error(`sale ${sale.id} has no payment yet`);
  const cash = sale.method === 'cash';
  return {
    id: sale.payment.id,
    method: sale.method,
    amount: money(sale.total, sale.currency),
    tendered: cash && sale.tendered !== null ? money(sale.tendered, sale.currency) : null,
    changeDue: cash && sale.payment.changeDue !== null ? money(sale.payment.changeDue, sale.currency) : null,
    card: sale.payment.card,
  };
}

export const printedNumber = (registerName: string, number: number): string =>
  `${registerName}-${String(number).padStart(6, '0')}`;

export function receiptOf(sale: SaleRecord): Receipt {
  if (sale.receiptNumber === null || sale.completedAt === null) {
    throw new Error(`sale ${sale.id} has no receipt yet`);
  }
  return {
    number: sale.receiptNumber,
    printed: sale.offline
      ? `${sale.registerName}-${sale.offline.receipt}`
      : printedNumber(sale.registerName, sale.receiptNumber),
    store: { id: sale.storeId, ...sale.store },
    register: { id: sale.registerId, name: sale.registerName },
    cashier: { id: sale.cashierId },
    lines: sale.lines,
    subtotal: money(sale.subtotal, sale.currency),
    taxes: sale.taxes,
    total: money(sale.total, sale.currency),
    payment: salePayment(sale),
    issuedAt: sale.completedAt,
  };
}

export function toSale(sale: SaleRecord, returns: ReturnSummary[] = []): Sale {
  const receipt = receiptOf(sale);
  const refunded = returns.reduce((sum, r) => sum + r.refund.amount, 0);
  return {
    id: sale.id,
    channel: sale.channel,
    status: 'completed',
    storeId: sale.storeId,
    registerId: sale.registerId,
    sessionId: sale.sessionId,
    cashierId: sale.cashierId,
    cartId: sale.cartId,
    currency: sale.currency,
    lines: sale.lines,
    subtotal: receipt.subtotal,
    taxes: sale.taxes,
    total: receipt.total,
    payment: receipt.payment,
    receipt,
    returns,
    amountRefunded: money(refunded, sale.currency),
    completedAt: receipt.issuedAt,
    ...(sale.offline ? { offline: sale.offline } : {}),
  };
}

/** The `sale.completed` payload: stores builds its X/Z reports from it, reporting its read models. */
export function saleCompleted(sale: SaleRecord): SaleCompleted {
  const receipt = receiptOf(sale);
  return {
    saleId: sale.id,
    storeId: sale.storeId,
    registerId: sale.registerId,
    sessionId: sale.sessionId,
    cashierId: sale.cashierId,
    receiptNumber: receipt.number,
    currency: sale.currency,
    lines: sale.lines,
    subtotal: receipt.subtotal,
    taxes: sale.taxes,
    total: receipt.total,
    payment: receipt.payment,
    completedAt: receipt.issuedAt,
    ...(sale.offline ? { offline: sale.offline } : {}),
  };
}
