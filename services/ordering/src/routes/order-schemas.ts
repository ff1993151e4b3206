import { Money, Order, OrderId, OrderLine, OrderStatus, ShippingAddress } from '@comptoir/contracts';
import { Cursor, Limit, Type } from '@comptoir/platform';

const CardInput = Type.Object(
  {
    number: Type.String({
      pattern: '^[0-9][0-9 -]{10,21}[0-9]$',
      writeOnly: true,
      description: 'Turned into payments’ token at once; never stored or logged by ordering.',
      examples: ['4242 4242 4242 4242'],
    }),
    expMonth: Type.Integer({ minimum: 1, maximum: 12, examples: [12] }),
    expYear: Type.Integer({ minimum: 2000, maximum: 2100, examples: [2030] }),
    cvc: Type.String({ pattern: '^[0-9]{3,4}$', writeOnly: true }),
  },
  { additionalProperties: false, title: 'OrderCardInput' },
);

export const OrderInput = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        {
          sku: Type.String({ minLength: 1, maxLength: 64 }),
          quantity: Type.Integer({ minimum: 1, maximum: 999 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    expectedTotal: Type.Optional({
      ...Money,
      description:
        'The total the customer was shown. When the catalog’s prices now make another total, the order is ' +
        'refused (409 `ORDERING_PRICE_CHANGED` with the fresh lines and totals) before anything is charged.',
    }),
    shippingAddress: ShippingAddress,
    // Only a card typed now: ordering tokenises it at payments as the customer, so the token it
    // charges later is surely theirs. A saved card (`pm_…`) waits until payments checks a token's
    // owner against the order's customer when ordering charges it as itself.
    payment: Type.Object(
      { method: Type.Literal('card'), card: CardInput },
      { additionalProperties: false, title: 'OrderCardPayment' },
    ),
  },
  { additionalProperties: false, title: 'OrderInput' },
);

export const OrderAccepted = Type.Object(
  { orderId: OrderId, status: Type.Literal('pending') },
  { additionalProperties: false, title: 'OrderAccepted' },
);

/** Ids are letters, digits, `_` and `-`: anything else (a NUL byte) is refused before it reaches SQL. */
const IdSegment = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const OrderIdParams = Type.Object({ id: IdSegment });
export const ShipmentParams = Type.Object({ id: IdSegment, shipmentId: IdSegment });

export const OrderListQuery = Type.Object(
  {
    status: Type.Optional(OrderStatus),
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Head office only.' })),
    from: Type.Optional(
      Type.String({ format: 'date-time', description: 'Placed at or after (head office).' }),
    ),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Placed before (head office).' })),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const PageQuery = Type.Object(
  { limit: Limit, cursor: Type.Optional(Cursor) },
  { additionalProperties: false },
);

export const ShipmentInput = Type.Object(
  {
    skus: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
    }),
    carrier: Type.String({ minLength: 1, maxLength: 60, examples: ['Postes Canada'] }),
    trackingNumber: Type.String({ minLength: 1, maxLength: 80, examples: ['7023 4567 8901 2345'] }),
  },
  { additionalProperties: false, title: 'ShipmentInput' },
);

export const SellerSale = Type.Object(
  {
    orderId: OrderId,
    status: OrderStatus,
    createdAt: Type.String({ format: 'date-time' }),
    lines: Type.Array(OrderLine),
    total: { ...Money, description: 'The seller’s lines, before taxes.' },
  },
  { additionalProperties: false, title: 'SellerSale' },
);

export { Order };
