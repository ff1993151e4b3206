import { type Static, Type } from '@sinclair/typebox';
import { Currency, Money } from './money.ts';

/** Event types published by payments; each is also the routing key on the bus. */
export const PaymentEventTypes = {
  paymentSucceeded: 'payment.succeeded',
  paymentFailed: 'payment.failed',
  paymentRefunded: 'payment.refunded',
} as const;

export const PaymentId = Type.String({
  pattern: '^pay_[0-9A-HJKMNP-TV-Z]{26}$',
  examples: ['pay_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'],
});
export const RefundId = Type.String({
  pattern: '^re_[0-9A-HJKMNP-TV-Z]{26}$',
  examples: ['re_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'],
});

/** A payment is always at least one minor unit. */
export const PaymentAmount = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, examples: [1999] }),
    currency: Currency,
  },
  { additionalProperties: false, title: 'PaymentAmount' },
);

export const PaymentMethod = Type.Union([Type.Literal('cash'), Type.Literal('card')]);
export type PaymentMethod = Static<typeof PaymentMethod>;

/** What the payment pays for: an online order or a POS sale, by its id in ordering. */
export const PaymentReference = Type.Object(
  {
    kind: Type.Union([Type.Literal('order'), Type.Literal('sale')]),
    id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', examples: ['ord_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'] }),
  },
  { additionalProperties: false, title: 'PaymentReference' },
);
export type PaymentReference = Static<typeof PaymentReference>;

/** All that is ever kept of a card: never its number, never its security code. */
export const CardSummary = Type.Object(
  {
    brand: Type.Union([
      Type.Literal('visa'),
      Type.Literal('mastercard'),
      Type.Literal('amex'),
      Type.Literal('discover'),
      Type.Literal('unknown'),
    ]),
    last4: Type.String({ pattern: '^[0-9]{4}$' }),
    expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
    expYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
  },
  { additionalProperties: false, title: 'CardSummary' },
);
export type CardSummary = Static<typeof CardSummary>;

/** Why a payment failed, in words a program can branch on. */
export const FailureReason = Type.Union([
  Type.Literal('card_declined'),
  Type.Literal('expired_card'),
  Type.Literal('insufficient_funds'),
]);
export type FailureReason = Static<typeof FailureReason>;

/**
 * `offline_authorized`: a card taken by a register while offline, recorded when the sale synced;
 * it is to be captured later (capture is not built yet) and nothing was charged by payments.
 */
export const PaymentStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('offline_authorized'),
]);
export type PaymentStatus = Static<typeof PaymentStatus>;

/** A payment as the payments API returns it. */
export const Payment = Type.Object(
  {
    id: PaymentId,
    status: PaymentStatus,
    method: PaymentMethod,
    amount: PaymentAmount,
    reference: PaymentReference,
    /** Cash only: what the customer handed over, and what goes back. */
    tendered: Type.Optional(Money),
    changeDue: Type.Optional(Money),
    card: Type.Optional(CardSummary),
    failure: Type.Optional(
      Type.Object({ reason: FailureReason, message: Type.String() }, { additionalProperties: false }),
    ),
    /** Refunded so far; never more than `amount`. */
    amountRefunded: Money,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'Payment' },
);
export type Payment = Static<typeof Payment>;

export const Refund = Type.Object(
  {
    id: RefundId,
    paymentId: PaymentId,
    /** `pending` only while a card provider has not answered; a retry with the same key completes it. */
    status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded')]),
    amount: PaymentAmount,
    reason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'Refund' },
);
export type Refund = Static<typeof Refund>;

/** `payment.succeeded`: the money is taken (cash counted, or card captured). */
export const PaymentSucceeded = Type.Object(
  {
    paymentId: PaymentId,
    method: PaymentMethod,
    amount: PaymentAmount,
    reference: PaymentReference,
    card: Type.Optional(CardSummary),
    changeDue: Type.Optional(Money),
    succeededAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type PaymentSucceeded = Static<typeof PaymentSucceeded>;

/** `payment.failed`: nothing was taken; `reason` says why. Transient provider errors are not failures. */
export const PaymentFailed = Type.Object(
  {
    paymentId: PaymentId,
    method: PaymentMethod,
    amount: PaymentAmount,
    reference: PaymentReference,
    reason: FailureReason,
    failedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type PaymentFailed = Static<typeof PaymentFailed>;

/** `payment.refunded`: one refund went through; `amountRefunded` is the running total. */
export const PaymentRefunded = Type.Object(
  {
    paymentId: PaymentId,
    refundId: RefundId,
    method: PaymentMethod,
    reference: PaymentReference,
    amount: PaymentAmount,
    amountRefunded: Money,
    fullyRefunded: Type.Boolean(),
    refundedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type PaymentRefunded = Static<typeof PaymentRefunded>;

/**
 * A saved card's token: the provider's sealed, expiring reference to the card, to charge later
 * without the number (as Stripe's PaymentMethod). Safe to store for its lifetime; it reveals nothing.
 */
export const PaymentMethodId = Type.String({
  pattern: '^pm_[A-Za-z0-9_-]{16,1024}$',
  examples: ['pm_AVx3mQ0s9kq2ZbEwT4yN8rHcJf6uLgPd'],
  description: 'A saved card (`POST /payment-methods`), charged with `method: "card"` and no `card`.',
});

/** `POST /payment-methods`: what a saved card shows — never its number nor its security code. */
export const CardPaymentMethod = Type.Object(
  {
    id: PaymentMethodId,
    card: CardSummary,
    /** Past this, the token starts no new payment (a payment already started with it still completes). */
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'CardPaymentMethod' },
);
export type CardPaymentMethod = Static<typeof CardPaymentMethod>;
