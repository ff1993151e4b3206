/*
 * What the read models count, in reporting's own words. Events are turned into these facts
 * (events/payloads.ts) and folded into the projections (domain/fold.ts).
 */

export type Channel = 'pos' | 'online';

/** A line sold: quantity and its pre-tax line total (cents). */
export interface SoldLine {
  sku: string;
  name: string;
  quantity: number;
  revenue: number;
}

/** A completed sale, at the counter or online (counted when the order is confirmed). */
export interface SaleFact {
  storeId: string | null;
  channel: Channel;
  /** The local calendar day it happened. */
  day: string;
  currency: string;
  /** Total paid, taxes included (cents). */
  total: number;
  taxes: number;
  lines: SoldLine[];
}

/** Money given back, counted on the day it was given back. */
export interface RefundFact {
  storeId: string | null;
  channel: Channel;
  day: string;
  currency: string;
  amount: number;
}

export interface StoreFact {
  id: string;
  code: string;
  name: string;
  updatedAt: string;
}

export interface LowStockFact {
  sku: string;
  locationId: string;
  storeId: string | null;
  available: number;
  threshold: number;
  occurredAt: string;
}

export interface LevelFact {
  sku: string;
  locationId: string;
  available: number;
}

export interface SessionFact {
  id: string;
  storeId: string;
  registerId: string;
  cashierId: string;
  status: 'open' | 'closed';
  currency: string;
  openingFloat: number;
  openedAt: string;
  openedDay: string;
  closedAt: string | null;
  expectedCash: number | null;
  countedCash: number | null;
  difference: number | null;
}
