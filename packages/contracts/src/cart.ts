import { type Static, Type } from '@sinclair/typebox';
import { Currency, Money } from './money.ts';
import { TaxAmount } from './ordering.ts';

const ulid = '[0-9A-HJKMNP-TV-Z]{26}';
export const CartId = Type.String({ pattern: `^crt_${ulid}$`, examples: ['crt_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'] });

export const CartChannel = Type.Union([Type.Literal('pos'), Type.Literal('online')], {
  title: 'CartChannel',
});
export type CartChannel = Static<typeof CartChannel>;

/** A line of a cart: the price is the catalog's when the line was added (a snapshot). */
export const CartLine = Type.Object(
  {
    sku: Type.String(),
    productId: Type.String(),
    name: Type.String(),
    quantity: Type.Integer({ minimum: 1, maximum: 999 }),
    unitPrice: Money,
    lineTotal: Money,
  },
  { additionalProperties: false, title: 'CartLine' },
);
export type CartLine = Static<typeof CartLine>;

/**
 * A basket: a register session's (channel `pos`) or a customer's (channel `online`). Totals are
 * integer cents: each tax is the subtotal × its rate, rounded half up to the cent, once per tax
 * on the whole subtotal; the total is the subtotal plus the taxes.
 */
export const Cart = Type.Object(
  {
    id: CartId,
    channel: CartChannel,
    storeId: Type.Union([Type.String(), Type.Null()]),
    registerId: Type.Union([Type.String(), Type.Null()]),
    sessionId: Type.Union([Type.String(), Type.Null()]),
    customerId: Type.Union([Type.String(), Type.Null()]),
    currency: Currency,
    lines: Type.Array(CartLine),
    subtotal: Money,
    taxes: Type.Array(TaxAmount),
    total: Money,
    /** Bumped by every change; `If-Match` on a write may name it. */
    version: Type.Integer({ minimum: 1 }),
    updatedAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'Cart' },
);
export type Cart = Static<typeof Cart>;
