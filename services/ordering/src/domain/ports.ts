import type { CardSummary, Cart, CashSession, Payment, Register, Store } from '@comptoir/contracts';
import type { IdempotencyKeys } from './idempotency.ts';
import type { ReturnRecord, ReturnStatus } from './return.ts';
import type { SaleRecord, SaleStatus } from './sale.ts';

/*
 * What the domain needs from the world. `src/adapters` implements the other services' ports over
 * HTTP; `src/data` implements storage with SQL. Calls to other services are made on behalf of the
 * caller: their own `Authorization` header goes along, and each service applies its own rules to
 * the same person (inventory lets a store's cashiers sell there; payments lets cashiers take cash).
 *
 * An upstream that does not answer (or answers 5xx) makes a port throw a DomainError of kind
 * `unavailable`; one that refuses makes it throw a DomainError of another kind.
 */

/** The caller's credentials, forwarded as they came. */
export interface OnBehalfOf {
  authorization: string;
}

export interface CartPort {
  /** The cart, or undefined when cart does not know it. */
  find(cartId: string, as: OnBehalfOf): Promise<Cart | undefined>;
  /** Throws the cart away once sold. */
  discard(cartId: string, as: OnBehalfOf): Promise<void>;
}

export interface StoresPort {
  session(sessionId: string, as: OnBehalfOf): Promise<CashSession | undefined>;
  store(storeId: string, as: OnBehalfOf): Promise<Store | undefined>;
  register(registerId: string, as: OnBehalfOf): Promise<Register | undefined>;
}

export interface CounterStock {
  /** inventory's Idempotency-Key. */
  key: string;
  saleId: string;
  locationId: string;
  lines: { sku: string; quantity: number }[];
}

export type StockOutcome =
  | { kind: 'taken' }
  | { kind: 'short'; sku: string; available: number; requested: number };

export interface InventoryPort {
  /** The store's stock location (it never changes, so it may be remembered). */
  locationOf(storeId: string): Promise<string | undefined>;
  takeSaleStock(request: CounterStock, as: OnBehalfOf): Promise<StockOutcome>;
  putBackStock(request: CounterStock, as: OnBehalfOf): Promise<void>;
  /** An offline sale's stock: never short (it may go below zero); once per key. */
  recordOfflineStock(request: CounterStock, as: OnBehalfOf): Promise<void>;
}

export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface PaymentRequest {
  key: string;
  saleId: string;
  amount: { amount: number; currency: string };
  method: 'cash' | 'card';
  tendered?: { amount: number; currency: string };
  card?: CardDetails;
  /** A card taken by the register while offline: recorded, to capture later. */
  offlineCard?: CardSummary;
}

export type PaymentOutcome =
  | { kind: 'succeeded'; payment: Payment }
  | { kind: 'declined'; payment: Payment; reason: string; message: string }
  /** No answer, or the card provider's outage: nothing is known to be charged; the same key resumes it. */
  | { kind: 'unavailable' };

export interface RefundRequest {
  key: string;
  paymentId: string;
  amount: { amount: number; currency: string };
  reason: string;
}

export interface PaymentsPort {
  pay(request: PaymentRequest, as: OnBehalfOf): Promise<PaymentOutcome>;
  /** Refunds, or throws; a refund is never "declined". Returns the refund id. */
  refund(request: RefundRequest, as: OnBehalfOf): Promise<string>;
}

// ——— storage ———

/** The state a sale must still be in for a change to apply (compare-and-set). */
export interface SaleVersion {
  status: SaleStatus;
  stockAttempt: number;
}

export interface SaleFilter {
  storeIds?: readonly string[];
  storeId?: string;
  sessionId?: string;
  registerId?: string;
  /** Only offline sales with something for the manager to review. */
  review?: boolean;
  after?: { completedAt: string; id: string };
  take: number;
}

export interface SaleReader {
  find(id: string): Promise<SaleRecord | undefined>;
  /** Completed sales, newest first. */
  list(filter: SaleFilter): Promise<SaleRecord[]>;
}

export interface SaleWriter {
  /** Inserts the sale unless the id exists; true if inserted. */
  insert(sale: SaleRecord): Promise<boolean>;
  /** Reads the sale and holds it until the transaction ends. */
  lock(id: string): Promise<SaleRecord | undefined>;
  /** Saves `sale` if it is still at `expected`; false when another attempt moved it first. */
  advance(sale: SaleRecord, expected: SaleVersion): Promise<boolean>;
  /** Replaces a draft's cart snapshot (lines, totals, till) with a fresh one. */
  refresh(sale: SaleRecord): Promise<void>;
}

export interface ReceiptCounter {
  /** The register's next receipt number: 1, 2, 3… given out in this transaction. */
  next(registerId: string): Promise<number>;
}

export interface ReturnReader {
  /** The returns of a sale (any status), oldest first. */
  ofSale(saleId: string): Promise<ReturnRecord[]>;
  /** The completed returns of several sales, oldest first. */
  completedOf(saleIds: readonly string[]): Promise<ReturnRecord[]>;
  find(id: string): Promise<ReturnRecord | undefined>;
}

export interface ReturnWriter extends ReturnReader {
  insert(record: ReturnRecord): Promise<boolean>;
  lock(id: string): Promise<ReturnRecord | undefined>;
  update(record: ReturnRecord): Promise<void>;
  /** Deletes a return still in `status` (one that had no effect). */
  remove(id: string, status: ReturnStatus): Promise<void>;
}

/** A fact to publish, saved with the change that caused it. */
export interface OrderingEvent {
  type: string;
  data: unknown;
  subject: string;
}

/** One transaction: its writes, its key and its events commit together or not at all. */
export interface OrderingUnitOfWork {
  sales: SaleWriter;
  returns: ReturnWriter;
  receipts: ReceiptCounter;
  keys: IdempotencyKeys;
  record(event: OrderingEvent): void;
}

export interface OrderingStore {
  sales: SaleReader;
  returns: ReturnReader;
  write<T>(work: (uow: OrderingUnitOfWork) => Promise<T>): Promise<T>;
}

/** An answer, and whether it is the stored answer to an earlier request with the same key. */
export interface Answer<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface OrderingSettings {
  leaseMs: number;
  retryAfterSeconds: number;
}
