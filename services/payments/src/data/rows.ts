import type { CardSummary, FailureReason, PaymentMethod, PaymentStatus } from '@comptoir/contracts';
import type { PaymentRecord } from '../domain/payment.ts';
import type { RefundRecord } from '../domain/ports.ts';

/** Columns as stored; the kit returns bigint as number and timestamps as `Date` on both databases. */
export interface PaymentRow {
  id: string;
  status: PaymentStatus;
  method: PaymentMethod;
  amount: number | string;
  currency: string;
  reference_kind: 'order' | 'sale';
  reference_id: string;
  tendered: number | string | null;
  change_due: number | string | null;
  card_brand: CardSummary['brand'] | null;
  card_last4: string | null;
  card_exp_month: number | null;
  card_exp_year: number | null;
  failure_reason: FailureReason | null;
  failure_message: string | null;
  amount_refunded: number | string;
  provider_charge_id: string | null;
  attempts: number;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface RefundRow {
  id: string;
  payment_id: string;
  status: 'pending' | 'succeeded';
  amount: number | string;
  currency: string;
  reason: string | null;
  provider_refund_id: string | null;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

export const PAYMENT_COLUMNS =
  'id, status, method, amount, currency, reference_kind, reference_id, tendered, change_due, card_brand, ' +
  'card_last4, card_exp_month, card_exp_year, failure_reason, failure_message, amount_refunded, ' +
  'provider_charge_id, attempts, created_by, created_at, updated_at';

export const REFUND_COLUMNS =
  'id, payment_id, status, amount, currency, reason, provider_refund_id, created_by, created_at, updated_at';

const iso = (value: Date | string): string => new Date(value).toISOString();
const money = (amount: number | string | null, currency: string) =>
  amount === null ? null : { amount: Number(amount), currency };

export function toPaymentRecord(row: PaymentRow): PaymentRecord {
  const card =
    row.card_brand && row.card_last4 && row.card_exp_month !== null && row.card_exp_year !== null
      ? {
          brand: row.card_brand,
          last4: row.card_last4,
          expMonth: row.card_exp_month,
          expYear: row.card_exp_year,
        }
      : null;
  return {
    id: row.id,
    status: row.status,
    method: row.method,
    amount: { amount: Number(row.amount), currency: row.currency },
    reference: { kind: row.reference_kind, id: row.reference_id },
    tendered: money(row.tendered, row.currency),
    changeDue: money(row.change_due, row.currency),
    card,
    failure:
      row.failure_reason === null ? null : { reason: row.failure_reason, message: row.failure_message ?? '' },
    amountRefunded: Number(row.amount_refunded),
    providerChargeId: row.provider_charge_id,
    attempts: row.attempts,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function paymentParams(p: PaymentRecord): unknown[] {
  return [
    p.id,
    p.status,
    p.method,
    p.amount.amount,
    p.amount.currency,
    p.reference.kind,
    p.reference.id,
    p.tendered?.amount ?? null,
    p.changeDue?.amount ?? null,
    p.card?.brand ?? null,
    p.card?.last4 ?? null,
    p.card?.expMonth ?? null,
    p.card?.expYear ?? null,
    p.failure?.reason ?? null,
    p.failure?.message ?? null,
    p.amountRefunded,
    p.providerChargeId,
    p.attempts,
    p.createdBy,
    p.createdAt,
    p.updatedAt,
  ];
}

export function toRefundRecord(row: RefundRow): RefundRecord {
  return {
    id: row.id,
    paymentId: row.payment_id,
    status: row.status,
    amount: { amount: Number(row.amount), currency: row.currency },
    reason: row.reason,
    providerRefundId: row.provider_refund_id,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function refundParams(r: RefundRecord): unknown[] {
  return [
    r.id,
    r.paymentId,
    r.status,
    r.amount.amount,
    r.amount.currency,
    r.reason,
    r.providerRefundId,
    r.createdBy,
    r.createdAt,
    r.updatedAt,
  ];
}

/** `$1, $2, … $n` for an insert of `n` columns. */
export const placeholders = (n: number): string =>
  Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ');
