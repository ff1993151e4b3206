import {
  PaymentEventTypes,
  type PaymentFailed,
  type PaymentRefunded,
  type PaymentSucceeded,
} from '@comptoir/contracts';
import type { PaymentRecord } from './payment.ts';
import type { PaymentsEvent, RefundRecord } from './ports.ts';

/** The fact a settled payment publishes: succeeded or failed. A pending payment publishes nothing. */
export function settledEvent(payment: PaymentRecord): PaymentsEvent | undefined {
  const base = {
    paymentId: payment.id,
    method: payment.method,
    amount: payment.amount,
    reference: payment.reference,
  };
  if (payment.status === 'succeeded') {
    const data: PaymentSucceeded = { ...base, succeededAt: payment.updatedAt };
    if (payment.card) data.card = payment.card;
    if (payment.changeDue) data.changeDue = payment.changeDue;
    return { type: PaymentEventTypes.paymentSucceeded, data, subject: payment.id };
  }
  if (payment.status === 'failed' && payment.failure) {
    const data: PaymentFailed = { ...base, reason: payment.failure.reason, failedAt: payment.updatedAt };
    return { type: PaymentEventTypes.paymentFailed, data, subject: payment.id };
  }
  return undefined;
}

export function refundedEvent(payment: PaymentRecord, refund: RefundRecord): PaymentsEvent {
  const data: PaymentRefunded = {
    paymentId: payment.id,
    refundId: refund.id,
    method: payment.method,
    reference: payment.reference,
    amount: refund.amount,
    amountRefunded: { amount: payment.amountRefunded, currency: payment.amount.currency },
    fullyRefunded: payment.amountRefunded === payment.amount.amount,
    refundedAt: refund.updatedAt,
  };
  return { type: PaymentEventTypes.paymentRefunded, data, subject: payment.id };
}
