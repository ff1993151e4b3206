import type { Money, PaymentReference } from '@comptoir/contracts';
import type { IdempotencyKeys } from './idempotency.ts';
import type { PaymentRecord } from './payment.ts';

/** What the domain needs from storage. `src/data` implements these with SQL. */

export interface RefundRecord {
  id: string;
  paymentId: string;
  status: 'pending' | 'succeeded';
  amount: Money;
  reason: string | null;
  providerRefundId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface PaymentFilter {
  reference?: PaymentReference;
  afterId?: string;
  /** Rows to read: one more than a page, to know whether another page follows. */
  take: number;
}

export interface PaymentReader {
  find(id: string): Promise<PaymentRecord | undefined>;
  list(filter: PaymentFilter): Promise<PaymentRecord[]>;
  refundsOf(paymentId: string): Promise<RefundRecord[]>;
}

export interface PaymentWriter {
  insert(payment: PaymentRecord): Promise<void>;
  /** Reads the payment and holds it until the transaction ends, so refunds of it queue up. */
  lock(id: string): Promise<PaymentRecord | undefined>;
  update(payment: PaymentRecord): Promise<void>;
}

export interface RefundWriter {
  insert(refund: RefundRecord): Promise<void>;
  find(id: string): Promise<RefundRecord | undefined>;
  update(refund: RefundRecord): Promise<void>;
  /** Minor units promised back so far: refunds done and refunds still waiting on the provider. */
  committedFor(paymentId: string): Promise<number>;
}

/** A fact to publish, saved with the change that caused it. */
export interface PaymentsEvent {
  type: string;
  data: unknown;
  subject: string;
}

/** One transaction: its writes, its key and its events commit together or not at all. */
export interface PaymentsUnitOfWork {
  payments: PaymentWriter;
  refunds: RefundWriter;
  keys: IdempotencyKeys;
  record(event: PaymentsEvent): void;
}

export interface PaymentsStore {
  payments: PaymentReader;
  write<T>(work: (uow: PaymentsUnitOfWork) => Promise<T>): Promise<T>;
}

/** A result, and whether it is the stored answer to an earlier request with the same key. */
export interface Outcome<T> {
  value: T;
  replayed: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** How long a request may hold its key before another attempt may take over (a crashed replica). */
export interface IdempotencySettings {
  leaseMs: number;
  /** Seconds a client is told to wait after the provider did not answer. */
  retryAfterSeconds: number;
}
