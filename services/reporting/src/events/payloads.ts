import { UnfoldableEvent } from '../domain/errors.ts';

/*
 * The fields reporting reads from each event, checked before anything is counted. Only those
 * fields: a publisher adding one breaks nothing here. A payload without them throws — retried,
 * then parked in the dead-letter queue where someone can look — rather than a half-read sale
 * changing a figure.
 */

type Json = Record<string, unknown>;
export const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isTime = (value: unknown): value is string => isText(value) && !Number.isNaN(Date.parse(value));
const isMoney = (value: unknown): value is { amount: number; currency: string } =>
  isRecord(value) && isCount(value.amount) && isText(value.currency);
const isNullableText = (value: unknown) => value === null || value === undefined || isText(value);
/** Stock may be below zero: a sale the register made offline can sell more than was known. */
const isQuantity = (value: unknown): value is number => Number.isSafeInteger(value);

/** Throws naming every missing or malformed field at once. */
export function expectFields(type: string, checks: Record<string, boolean>): void {
  const missing = Object.entries(checks)
    .filter(([, ok]) => !ok)
    .map(([field]) => field);
  if (missing.length > 0) throw new UnfoldableEvent(`Malformed ${type} payload: ${missing.join(', ')}`);
}

const isLine = (line: unknown) =>
  isRecord(line) &&
  isText(line.sku) &&
  typeof line.name === 'string' &&
  isCount(line.quantity) &&
  isMoney(line.lineTotal);

const areTaxes = (taxes: unknown) =>
  Array.isArray(taxes) && taxes.every((t) => isRecord(t) && isMoney(t.amount));

export interface SaleLinePayload {
  sku: string;
  name: string;
  quantity: number;
  lineTotal: { amount: number; currency: string };
}
type Money = { amount: number; currency: string };

export interface SalePayload {
  storeId: string;
  lines: SaleLinePayload[];
  taxes: { amount: Money }[];
  total: Money;
  completedAt: string;
}

export function salePayload(data: unknown): SalePayload {
  const d = isRecord(data) ? data : {};
  expectFields('sale.completed', {
    storeId: isText(d.storeId),
    lines: Array.isArray(d.lines) && d.lines.every(isLine),
    taxes: areTaxes(d.taxes),
    total: isMoney(d.total),
    completedAt: isTime(d.completedAt),
  });
  return d as unknown as SalePayload;
}

export interface ReturnPayload {
  storeId: string;
  refund: { amount: Money };
  returnedAt: string;
}

export function returnPayload(data: unknown): ReturnPayload {
  const d = isRecord(data) ? data : {};
  const refund = isRecord(d.refund) ? d.refund : {};
  expectFields('sale.returned', {
    storeId: isText(d.storeId),
    'refund.amount': isMoney(refund.amount),
    returnedAt: isTime(d.returnedAt),
  });
  return d as unknown as ReturnPayload;
}

export interface OrderPayload {
  order: { id: string; lines: SaleLinePayload[]; taxes: { amount: Money }[]; total: Money };
  change: { at: string };
}

export function orderPayload(type: string, data: unknown): OrderPayload {
  const d = isRecord(data) ? data : {};
  const order = isRecord(d.order) ? d.order : {};
  const change = isRecord(d.change) ? d.change : {};
  expectFields(type, {
    'order.id': isText(order.id),
    'order.lines': Array.isArray(order.lines) && order.lines.every(isLine),
    'order.taxes': areTaxes(order.taxes),
    'order.total': isMoney(order.total),
    'change.at': isTime(change.at),
  });
  return d as unknown as OrderPayload;
}

export interface StorePayload {
  store: { id: string; code: string; name: string; updatedAt: string };
}

export function storePayload(type: string, data: unknown): StorePayload {
  const store = isRecord(data) && isRecord(data.store) ? data.store : {};
  expectFields(type, {
    'store.id': isText(store.id),
    'store.code': isText(store.code),
    'store.name': isText(store.name),
    'store.updatedAt': isTime(store.updatedAt),
  });
  return data as StorePayload;
}

export interface SessionPayload {
  session: {
    id: string;
    storeId: string;
    registerId: string;
    cashierId: string;
    status: 'open' | 'closed';
    openingFloat: Money;
    openedAt: string;
    closedAt: string | null;
    expectedCash: Money | null;
    countedCash: Money | null;
    differenceCents: number | null;
  };
}

export function sessionPayload(type: string, data: unknown): SessionPayload {
  const s = isRecord(data) && isRecord(data.session) ? data.session : {};
  const closing = type === 'register.closed';
  expectFields(type, {
    'session.id': isText(s.id),
    'session.storeId': isText(s.storeId),
    'session.registerId': isText(s.registerId),
    'session.cashierId': isText(s.cashierId),
    'session.openingFloat': isMoney(s.openingFloat),
    'session.openedAt': isTime(s.openedAt),
    'session.closedAt': closing ? isTime(s.closedAt) : true,
    'session.expectedCash': closing ? isMoney(s.expectedCash) : true,
    'session.countedCash': closing ? isMoney(s.countedCash) : true,
    'session.differenceCents': closing ? Number.isSafeInteger(s.differenceCents) : true,
  });
  return data as SessionPayload;
}

export interface StockLowPayload {
  sku: string;
  locationId: string;
  storeId?: string | null;
  available: number;
  threshold: number;
  occurredAt: string;
}

export function stockLowPayload(data: unknown): StockLowPayload {
  const d = isRecord(data) ? data : {};
  expectFields('stock.low', {
    sku: isText(d.sku),
    locationId: isText(d.locationId),
    storeId: isNullableText(d.storeId),
    available: isQuantity(d.available),
    threshold: isCount(d.threshold),
    occurredAt: isTime(d.occurredAt),
  });
  return d as unknown as StockLowPayload;
}

export interface StockAdjustedPayload {
  level: { sku: string; locationId: string; available: number };
}

export function stockAdjustedPayload(data: unknown): StockAdjustedPayload {
  const level = isRecord(data) && isRecord(data.level) ? data.level : {};
  expectFields('stock.adjusted', {
    'level.sku': isText(level.sku),
    'level.locationId': isText(level.locationId),
    'level.available': isQuantity(level.available),
  });
  return data as StockAdjustedPayload;
}
