import { DomainError, type ErrorKind } from '@comptoir/platform';
import { OrderingErrorCodes, paymentDeclined, paymentRefused } from './errors.ts';
import type { SaleFailure } from './sale.ts';

/*
 * What went wrong with a sale's payment is kept with the sale, so that whichever attempt puts
 * the stock back — the one that saw the failure, or a retry after a crash — answers the same.
 */

/** A refusal as payments' adapter threw it. */
export function failureOf(error: DomainError): SaleFailure {
  return {
    code: error.code,
    kind: error.kind,
    message: error.message,
    ...(error.errors ? { errors: [...error.errors] } : {}),
  };
}

/** A declined card: the provider's reason and words. */
export const declineOf = (reason: string, message: string, paymentId: string): SaleFailure => ({
  code: OrderingErrorCodes.paymentDeclined,
  kind: 'payment_required',
  message,
  reason,
  paymentId,
});

export function declinedError(failure: SaleFailure | null): DomainError {
  return paymentDeclined(
    failure?.reason ?? 'card_declined',
    failure?.message ?? 'The card was declined.',
    failure?.paymentId ?? '',
  );
}

/** The refusal payments gave, as it was first thrown. */
export function refusedError(failure: SaleFailure | null): DomainError {
  if (!failure) return paymentRefused('unprocessable', 'the payment was refused');
  return new DomainError(failure.kind as ErrorKind, failure.code, failure.message, {
    ...(failure.errors ? { errors: failure.errors } : {}),
  });
}
