import type { Money, SaleReturned } from '@comptoir/contracts';
import type { ReturnSummary, SaleRecord } from './sale.ts';

/**
 * A return of some or all of a POS sale: refunded through payments, restocked through inventory,
 * each step keyed by the return id, so a retry picks it up where it stands:
 *
 *   refunding ─▶ restocking ─▶ completed
 *
 * A return counts against its sale from the moment it is recorded as `refunding`: two returns of
 * the same sale racing each other cannot bring back more than was sold.
 */
export type ReturnStatus = 'refunding' | 'restocking' | 'completed';

export interface ReturnLine {
  sku: string;
  quantity: number;
}

export interface ReturnRecord {
  id: string;
  saleId: string;
  status: ReturnStatus;
  sessionId: string | null;
  cashierId: string;
  currency: string;
  amount: number;
  refundId: string | null;
  lines: ReturnLine[];
  keyScope: string;
  key: string;
  createdAt: string;
  completedAt: string | null;
}

/** A return as the API shows it: the same facts as `sale.returned`, with its id. */
export interface SaleReturn extends SaleReturned {
  id: string;
}

/** The inventory key of a return's restock, and the payments key of its refund. */
export const restockKey = (returnId: string): string => returnId;
export const refundKey = (returnId: string): string => `return-${returnId}`;

/** Units of each sku sold, minus those already brought back (by returns in any state). */
export function returnable(sale: SaleRecord, earlier: readonly ReturnRecord[]): Map<string, number> {
  const left = new Map<string, number>();
  for (const line of sale.lines) left.set(line.sku, (left.get(line.sku) ?? 0) + line.quantity);
  for (const done of earlier) {
    for (const line of done.lines) left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity);
  }
  return left;
}

/** n / d rounded half up, exactly (BigInt), for non-negative integers. */
function halfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/**
 * What a return gives back, in integer cents — the rule:
 * 1. each returned line's share of its line total: lineTotal × returned ÷ sold, rounded half up;
 * 2. plus each of the sale's taxes on the sum of those shares: share × rate ÷ 1 000 000, rounded
 *    half up (taxes are charged once per tax on the subtotal, so they are refunded the same way);
 * 3. never more than what is left to refund: the sale's total minus earlier returns;
 * 4. the return that brings back the last unit of the sale refunds exactly what is left, so a sale
 *    returned in parts gives back its total to the cent — the rounding of earlier parts included.
 */
export function refundAmount(
  sale: SaleRecord,
  earlier: readonly ReturnRecord[],
  lines: readonly ReturnLine[],
): number {
  const refunded = earlier.reduce((sum, r) => sum + r.amount, 0);
  const left = sale.total - refunded;
  const remaining = returnable(sale, earlier);
  const returnedNow = new Map(lines.map((line) => [line.sku, line.quantity]));
  const isLast = [...remaining].every(([sku, units]) => units === (returnedNow.get(sku) ?? 0));
  if (isLast) return left;

  let share = 0n;
  for (const line of lines) {
    let units = BigInt(line.quantity);
    // A sku on several lines (a cart keeps one, but a sale may not): take from each in turn.
    for (const sold of sale.lines.filter((l) => l.sku === line.sku)) {
      if (units === 0n) break;
      const take = units < BigInt(sold.quantity) ? units : BigInt(sold.quantity);
      share += halfUp(BigInt(sold.lineTotal.amount) * take, BigInt(sold.quantity));
      units -= take;
    }
  }
  let taxes = 0n;
  for (const tax of sale.taxes) taxes += halfUp(share * BigInt(tax.ratePpm), 1_000_000n);
  const amount = Number(share + taxes);
  return Math.min(amount, left);
}

const money = (amount: number, currency: string): Money => ({ amount, currency });

export function toSaleReturn(record: ReturnRecord, sale: SaleRecord): SaleReturn {
  if (!sale.payment || record.refundId === null || record.completedAt === null) {
    throw new Error(`return ${record.id} is not complete`);
  }
  return {
    id: record.id,
    saleId: sale.id,
    returnId: record.id,
    storeId: sale.storeId,
    sessionId: record.sessionId,
    cashierId: record.cashierId,
    lines: record.lines,
    refund: {
      paymentId: sale.payment.id,
      refundId: record.refundId,
      method: sale.method,
      amount: money(record.amount, record.currency),
    },
    returnedAt: record.completedAt,
  };
}

/** The `sale.returned` payload. */
export function saleReturned(view: SaleReturn): SaleReturned {
  const { id: _id, ...event } = view;
  return event;
}

export function returnSummary(record: ReturnRecord): ReturnSummary {
  return {
    id: record.id,
    lines: record.lines,
    refund: money(record.amount, record.currency),
    returnedAt: record.completedAt ?? record.createdAt,
  };
}
