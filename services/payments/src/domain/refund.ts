import type { Money, Refund } from '@comptoir/contracts';
import { currencyMismatch, notRefundable, refundExceedsCaptured } from './errors.ts';
import type { PaymentRecord } from './payment.ts';
import type { RefundRecord } from './ports.ts';

/** A refund as the client asks for it: an amount (all that is left when absent) and why. */
export interface RefundRequest {
  amount?: Money;
  reason?: string;
}

/**
 * The amount to refund: what was asked, or all that is left. Refunds never exceed what was
 * captured, counting those still waiting on the provider (`committed`), so two refunds racing
 * for the last euro cannot both have it.
 */
export function refundAmount(payment: PaymentRecord, committed: number, request: RefundRequest): Money {
  if (payment.status !== 'succeeded') throw notRefundable(payment.id, payment.status);
  const { currency } = payment.amount;
  const left = payment.amount.amount - committed;
  const asked = request.amount ?? { amount: left, currency };
  if (asked.currency !== currency) throw currencyMismatch('/body/amount', currency);
  if (left <= 0 || asked.amount > left) throw refundExceedsCaptured(Math.max(left, 0), currency);
  return asked;
}

export function newRefund(
  id: string,
  payment: PaymentRecord,
  amount: Money,
  request: RefundRequest,
  createdBy: string,
  now: Date,
): RefundRecord {
  const at = now.toISOString();
  return {
    id,
    paymentId: payment.id,
    status: 'pending',
    amount,
    reason: request.reason ?? null,
    providerRefundId: null,
    createdBy,
    createdAt: at,
    updatedAt: at,
  };
}

/** The refund done, and the payment's running total with it. */
export function completeRefund(
  payment: PaymentRecord,
  refund: RefundRecord,
  providerRefundId: string | null,
  now: Date,
): { payment: PaymentRecord; refund: RefundRecord } {
  const updatedAt = now.toISOString();
  return {
    payment: { ...payment, amountRefunded: payment.amountRefunded + refund.amount.amount, updatedAt },
    refund: { ...refund, status: 'succeeded', providerRefundId, updatedAt },
  };
}

export function toRefund(record: RefundRecord): Refund {
  return {
    id: record.id,
    paymentId: record.paymentId,
    status: record.status,
    amount: record.amount,
    reason: record.reason,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
