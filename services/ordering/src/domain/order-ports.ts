import type { OrderStatus, Payment } from '@comptoir/contracts';
import type { IdempotencyKeys } from './idempotency.ts';
import type { OnlineOrderRecord, OrderChange } from './online-order.ts';
import type { CardDetails, OnBehalfOf, OrderingEvent, PaymentOutcome, RefundRequest } from './ports.ts';

/*
 * What the online checkout needs from the world. The customer's own token goes with the calls
 * made while they wait (the catalog's prices, the card's tokenisation); the saga's steps run
 * later, in a worker, as ordering itself: an OAuth2 client (`MachineAuth`) granted `stock:write`
 * and `payments:write`.
 */

/** Ordering's own credentials for the saga's calls: `Bearer <token>`, renewed as needed. */
export interface MachineAuth {
  header(): Promise<string>;
}

export interface PricedProduct {
  productId: string;
  sku: string;
  name: string;
  sellerId: string | null;
  price: { amount: number; currency: string };
  active: boolean;
}

export interface CatalogPort {
  /** The product with exactly this sku (ignoring case), or undefined. */
  bySku(sku: string, as: OnBehalfOf): Promise<PricedProduct | undefined>;
}

export type ReserveOutcome =
  | { kind: 'reserved'; reservationId: string }
  | { kind: 'short'; shortages: { sku: string; available: number; requested: number }[] };

export type CommitOutcome = { kind: 'committed' } | { kind: 'expired' };

export interface ReservationsPort {
  /** All lines held at `locationId`, or none; asking again for the order answers the first. */
  reserve(
    request: { orderId: string; locationId: string; lines: { sku: string; quantity: number }[] },
    as: OnBehalfOf,
  ): Promise<ReserveOutcome>;
  /** The held stock leaves; `expired` when the hold ended first (nothing left). */
  commit(reservationId: string, as: OnBehalfOf): Promise<CommitOutcome>;
  /** The held stock is available again (releasing twice is harmless). */
  release(reservationId: string, as: OnBehalfOf): Promise<void>;
}

/** A card as payments keeps it: its token and what may be shown. */
export interface SavedCard {
  id: string;
  card: { brand: string; last4: string };
}

export interface OrderCharge {
  /** payments' Idempotency-Key: `order-<id>`, the same on every retry, so never charged twice. */
  key: string;
  orderId: string;
  amount: { amount: number; currency: string };
  paymentMethod: string;
}

export interface OrderPaymentsPort {
  /** Turns a card into payments' token (`pm_…`), on behalf of the customer. */
  tokenize(card: CardDetails, as: OnBehalfOf): Promise<SavedCard>;
  charge(request: OrderCharge, as: OnBehalfOf): Promise<PaymentOutcome>;
  refund(request: RefundRequest, as: OnBehalfOf): Promise<string>;
  /** The payments made under `order:<id>`. */
  ofOrder(orderId: string, as: OnBehalfOf): Promise<Payment[]>;
}

// ——— storage ———

export interface OrderFilter {
  customerId?: string;
  status?: OrderStatus;
  from?: Date;
  to?: Date;
  after?: { createdAt: string; id: string };
  take: number;
}

export interface SellerLineFilter {
  sellerId: string;
  after?: { createdAt: string; id: string };
  take: number;
}

export interface OrderReader {
  find(id: string): Promise<OnlineOrderRecord | undefined>;
  /** Newest first. */
  list(filter: OrderFilter): Promise<OnlineOrderRecord[]>;
  /** Orders with a line of this seller, newest first. */
  ofSeller(filter: SellerLineFilter): Promise<OnlineOrderRecord[]>;
  /** Orders whose saga is not over and that were placed before `before`, oldest first. */
  unsettled(before: Date, take: number): Promise<OnlineOrderRecord[]>;
}

export interface OrderWriter {
  /** Inserts the order unless its id exists; true if inserted. */
  insert(order: OnlineOrderRecord): Promise<boolean>;
  /** Saves the change if the order is still at `expectedVersion`; false when another worker moved it. */
  save(change: OrderChange, expectedVersion: number): Promise<boolean>;
  lock(id: string): Promise<OnlineOrderRecord | undefined>;
}

export interface OrderUnitOfWork {
  orders: OrderWriter;
  keys: IdempotencyKeys;
  record(event: OrderingEvent): void;
}

export interface OnlineOrderStore {
  orders: OrderReader;
  write<T>(work: (uow: OrderUnitOfWork) => Promise<T>): Promise<T>;
}
