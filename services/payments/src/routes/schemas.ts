import {
  CardSummary,
  Money,
  PaymentAmount,
  PaymentMethod,
  PaymentMethodId,
  PaymentReference,
} from '@comptoir/contracts';
import { Cursor, Limit, Type } from '@comptoir/platform';

export const IdParams = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'The payment id.',
  }),
});

/** Printable ASCII without spaces, as Stripe takes them: a UUID is the usual choice. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      pattern: '^[\\x21-\\x7E]{1,255}$',
      description:
        'Required. One value per intended payment or refund (a UUID, say), sent again on every retry of it. ' +
        'A retry gets the first answer back; the same key with another body is refused (422). Scoped to the caller.',
      examples: ['6f1c2b7e-3f0a-4a53-9d51-2b8f4c1d9e07'],
    }),
  ),
});

/** `Idempotent-Replayed: true` marks the stored answer to an earlier request with the same key. */
export const REPLAYED_HEADER = 'idempotent-replayed';
export const replayHeaders = { [REPLAYED_HEADER]: { type: 'string', enum: ['true'] } };

export const CardInput = Type.Object(
  {
    number: Type.String({
      pattern: '^[0-9][0-9 -]{10,21}[0-9]$',
      writeOnly: true,
      description:
        'The card number (spaces or dashes allowed). Sent to the provider, never stored or logged.',
      examples: ['4242 4242 4242 4242'],
    }),
    expMonth: Type.Integer({ minimum: 1, maximum: 12, examples: [12] }),
    expYear: Type.Integer({ minimum: 2000, maximum: 2100, examples: [2030] }),
    cvc: Type.String({ pattern: '^[0-9]{3,4}$', writeOnly: true, description: 'Never stored or logged.' }),
  },
  { additionalProperties: false, title: 'CardInput' },
);

export const PaymentInput = Type.Object(
  {
    amount: PaymentAmount,
    method: PaymentMethod,
    reference: PaymentReference,
    tendered: Type.Optional({
      ...Money,
      description: 'Cash only: what the customer handed over; at least `amount`, in its currency.',
    }),
    card: Type.Optional({ ...CardInput, description: 'Card only: the card typed now; or `paymentMethod`.' }),
    paymentMethod: Type.Optional({
      ...PaymentMethodId,
      description: 'Card only: a saved card (`POST /payment-methods`) instead of `card`.',
    }),
    offlineCard: Type.Optional({
      ...CardSummary,
      description:
        'Card only, a sale only: a card a register took while offline, as it kept it (brand, last 4, expiry), ' +
        'instead of `card`. Recorded `offline_authorized` (to capture later), never charged now; staff only.',
    }),
  },
  { additionalProperties: false, title: 'PaymentInput' },
);

export const PaymentMethodInput = Type.Object(
  { card: CardInput },
  { additionalProperties: false, title: 'PaymentMethodInput' },
);

export const RefundInput = Type.Object(
  {
    amount: Type.Optional({
      ...PaymentAmount,
      description: 'What to give back; everything not yet refunded when absent.',
    }),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200, examples: ['Article retourné'] })),
  },
  { additionalProperties: false, title: 'RefundInput' },
);

export const PaymentListQuery = Type.Object(
  {
    reference: Type.Optional(
      Type.String({
        pattern: '^(order|sale):[A-Za-z0-9_-]{1,64}$',
        description: 'The payments of one order or sale: `order:<id>` or `sale:<id>`.',
        examples: ['order:ord_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'],
      }),
    ),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export function parseReference(text: string | undefined): PaymentReference | undefined {
  if (text === undefined) return undefined;
  const at = text.indexOf(':');
  return { kind: text.slice(0, at) as PaymentReference['kind'], id: text.slice(at + 1) };
}
