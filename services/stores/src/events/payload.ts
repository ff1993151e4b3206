import type { SaleCompleted, SaleReturned } from '@comptoir/contracts';
import { UnrecordableEvent } from '../domain/ledger.ts';

/*
 * The facts the ledger takes from ordering's events, checked before anything is written. A payload
 * without them throws: the bus retries it, then parks it in the dead-letter queue where someone can
 * look, rather than a half-understood sale changing a drawer's count.
 */

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isMoney = (value: unknown): boolean =>
  isRecord(value) && isCount(value.amount) && typeof value.currency === 'string';
const isMethod = (value: unknown): boolean => value === 'cash' || value === 'card';
const isTime = (value: unknown): boolean => isText(value) && !Number.isNaN(Date.parse(value));

function expectFields(type: string, checks: Record<string, boolean>): void {
  const missing = Object.entries(checks)
    .filter(([, ok]) => !ok)
    .map(([field]) => field);
  if (missing.length > 0) throw new UnrecordableEvent(`Malformed ${type} payload: ${missing.join(', ')}`);
}

export function saleOf(data: unknown): SaleCompleted {
  const d = isRecord(data) ? data : {};
  const payment = isRecord(d.payment) ? d.payment : {};
  expectFields('sale.completed', {
    saleId: isText(d.saleId),
    storeId: isText(d.storeId),
    registerId: isText(d.registerId),
    sessionId: isText(d.sessionId),
    cashierId: isText(d.cashierId),
    receiptNumber: isCount(d.receiptNumber),
    currency: isText(d.currency),
    subtotal: isMoney(d.subtotal),
    total: isMoney(d.total),
    taxes:
      Array.isArray(d.taxes) &&
      d.taxes.every((t) => isRecord(t) && isText(t.code) && typeof t.label === 'string' && isMoney(t.amount)),
    'payment.method': isMethod(payment.method),
    'payment.amount': isMoney(payment.amount),
    completedAt: isTime(d.completedAt),
  });
  return d as unknown as SaleCompleted;
}

export function returnOf(data: unknown): SaleReturned {
  const d = isRecord(data) ? data : {};
  const refund = isRecord(d.refund) ? d.refund : {};
  expectFields('sale.returned', {
    saleId: isText(d.saleId),
    returnId: isText(d.returnId),
    storeId: isText(d.storeId),
    sessionId: d.sessionId === null || isText(d.sessionId),
    cashierId: isText(d.cashierId),
    'refund.method': isMethod(refund.method),
    'refund.amount': isMoney(refund.amount),
    returnedAt: isTime(d.returnedAt),
  });
  return d as unknown as SaleReturned;
}
