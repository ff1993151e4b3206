import { badRequest, conflict, DomainError, notFound, unprocessable } from '@comptoir/platform';

/**
 * The payments error catalogue. Codes are stable: clients and tests match on them, and a
 * retired code is never reused for another meaning.
 */
export const PaymentsErrorCodes = {
  idempotencyKeyRequired: 'PAYMENTS_IDEMPOTENCY_KEY_REQUIRED',
  idempotencyKeyReused: 'PAYMENTS_IDEMPOTENCY_KEY_REUSED',
  requestInProgress: 'PAYMENTS_REQUEST_IN_PROGRESS',
  providerUnavailable: 'PAYMENTS_PROVIDER_UNAVAILABLE',
  invalidCardNumber: 'PAYMENTS_INVALID_CARD_NUMBER',
  currencyMismatch: 'PAYMENTS_CURRENCY_MISMATCH',
  insufficientTender: 'PAYMENTS_INSUFFICIENT_TENDER',
  methodFieldsMismatch: 'PAYMENTS_METHOD_FIELDS_MISMATCH',
  notAllowed: 'PAYMENTS_NOT_ALLOWED',
  paymentNotFound: 'PAYMENTS_PAYMENT_NOT_FOUND',
  notRefundable: 'PAYMENTS_NOT_REFUNDABLE',
  refundExceedsCaptured: 'PAYMENTS_REFUND_EXCEEDS_CAPTURED',
  invalidCursor: 'PAYMENTS_INVALID_CURSOR',
  paymentMethodInvalid: 'PAYMENTS_PAYMENT_METHOD_INVALID',
} as const;

export const idempotencyKeyRequired = () =>
  new DomainError(
    'precondition_required',
    PaymentsErrorCodes.idempotencyKeyRequired,
    'Moving money needs an Idempotency-Key header: a unique value per intended payment or refund, sent again on every retry.',
  );

export const idempotencyKeyReused = () =>
  unprocessable(
    PaymentsErrorCodes.idempotencyKeyReused,
    'This Idempotency-Key was already used with a different request; use a new key for a new payment or refund.',
  );

export const requestInProgress = () =>
  conflict(
    PaymentsErrorCodes.requestInProgress,
    'A request with this Idempotency-Key is still being processed; retry shortly with the same key.',
  );

export const providerUnavailable = (retryAfterSeconds: number) =>
  new DomainError(
    'unavailable',
    PaymentsErrorCodes.providerUnavailable,
    'The card provider did not answer; nothing was charged. Retry with the same Idempotency-Key.',
    { extensions: { retryAfter: retryAfterSeconds } },
  );

// The message never repeats the number: a card number must not reach a log or a client's error report.
export const invalidCardNumber = () =>
  badRequest(PaymentsErrorCodes.invalidCardNumber, 'The card number is not valid.', [
    { pointer: '/body/card/number', detail: 'fails the Luhn check or has the wrong length' },
  ]);

export const currencyMismatch = (pointer: string, expected: string) =>
  badRequest(PaymentsErrorCodes.currencyMismatch, `Amounts must all be in ${expected}.`, [
    { pointer, detail: `must be in ${expected}` },
  ]);

export const insufficientTender = () =>
  badRequest(PaymentsErrorCodes.insufficientTender, 'The cash tendered is less than the amount due.', [
    { pointer: '/body/tendered', detail: 'must be at least the amount' },
  ]);

export const methodFieldsMismatch = (pointer: string, detail: string) =>
  badRequest(PaymentsErrorCodes.methodFieldsMismatch, `The payment method needs other fields: ${detail}.`, [
    { pointer, detail },
  ]);

export const notAllowed = (what: string) =>
  new DomainError('forbidden', PaymentsErrorCodes.notAllowed, `You may not ${what}.`);

export const paymentNotFound = (id: string) =>
  notFound(PaymentsErrorCodes.paymentNotFound, `No payment has the id "${id}".`);

export const notRefundable = (id: string, status: string) =>
  conflict(
    PaymentsErrorCodes.notRefundable,
    `The payment "${id}" is ${status}; only a succeeded payment is refunded.`,
  );

export const refundExceedsCaptured = (refundable: number, currency: string) =>
  conflict(
    PaymentsErrorCodes.refundExceedsCaptured,
    `Refunds may not exceed what was captured: ${refundable} ${currency} (minor units) is left to refund.`,
    { refundable: { amount: refundable, currency } },
  );

export const invalidCursor = () =>
  badRequest(PaymentsErrorCodes.invalidCursor, 'The cursor is not one this API gave out.', [
    { pointer: '/querystring/cursor', detail: 'is malformed or was altered' },
  ]);

/** One code for a saved card that cannot be charged: the caller's remedy is the same — save the card again. */
export const paymentMethodExpired = () =>
  unprocessable(
    PaymentsErrorCodes.paymentMethodInvalid,
    'The payment method has expired: save the card again (POST /payment-methods).',
    [{ pointer: '/body/paymentMethod', detail: 'has expired' }],
  );

// Whether the token was forged or is someone else's is not told apart: both are "not yours".
export const paymentMethodUnknown = () =>
  unprocessable(
    PaymentsErrorCodes.paymentMethodInvalid,
    'The payment method is unknown or not yours to charge.',
    [{ pointer: '/body/paymentMethod', detail: 'is not a payment method you may charge' }],
  );
