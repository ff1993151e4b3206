import { Cart, CartChannel, CartId, CashSessionId, Money, Sku } from '@comptoir/contracts';
import { Type } from '@comptoir/platform';

export const Quantity = Type.Integer({ minimum: 1, maximum: 999, examples: [2] });

export const CartParams = Type.Object({ id: CartId });
export const LineParams = Type.Object({ id: CartId, sku: Sku });

export const OpenCartInput = Type.Object(
  {
    channel: Type.Optional({
      ...CartChannel,
      description: '`pos` (the default): a register session’s basket. `online`: the shop’s.',
    }),
    sessionId: Type.Optional({
      ...CashSessionId,
      description:
        'The open cash session (stores) the basket is for: required for `pos`, refused for `online`.',
    }),
  },
  { additionalProperties: false, title: 'OpenCartInput' },
);

export const MergeInput = Type.Object(
  { cartId: { ...CartId, description: 'The anonymous cart to merge; its token in `X-Cart-Token`.' } },
  { additionalProperties: false, title: 'MergeCartInput' },
);

export const CartQuery = Type.Object(
  { sessionId: { ...CashSessionId, description: 'The register session whose cart to read.' } },
  { additionalProperties: false },
);

export const LineInput = Type.Object(
  { sku: Sku, quantity: Quantity },
  { additionalProperties: false, title: 'CartLineInput' },
);

export const QuantityInput = Type.Object(
  { quantity: Quantity },
  { additionalProperties: false, title: 'CartLineQuantity' },
);

const IfMatch = Type.String({
  description: 'The ETag (version) of the cart being changed; another is a 412.',
  examples: ['"3"'],
});

/** 32 random bytes, base64url: what `POST /carts` gave the visitor with their anonymous cart. */
const CartToken = Type.String({
  pattern: '^[A-Za-z0-9_-]{43}$',
  description: 'The secret of an anonymous cart, as `POST /carts` gave it (43 characters, base64url).',
  examples: ['q3JtZ0b4mVJ6o3m0G2yQn9o7XyVQ1n5r2b8kH1sZt0E'],
});

export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(IfMatch) });

/** The headers of a call a visitor's anonymous cart may take. */
export const CartTokenHeaders = Type.Object({
  'x-cart-token': Type.Optional(CartToken),
  'if-match': Type.Optional(IfMatch),
});

/**
 * The routes a visitor may call without a bearer token (an anonymous cart, reached with its
 * `X-Cart-Token`): the OpenAPI document says the token is optional there.
 */
export const bearerOptional: Array<Record<string, string[]>> = [{ bearerAuth: [] }, {}];

/** The cart, with its version as ETag. */
export const CartAnswer = {
  ...Cart,
  description: 'The cart; its ETag is its version.',
  headers: { etag: { type: 'string' } },
};

/** A cart just opened: an anonymous visitor's comes with its secret, given this once. */
export const OpenedCartAnswer = {
  ...Type.Object(
    {
      ...Cart.properties,
      cartToken: Type.Optional(
        Type.String({
          description:
            'An anonymous cart only: its secret, shown this once and stored only as a hash. Send it as ' +
            '`X-Cart-Token` on every call to this cart.',
        }),
      ),
    },
    { additionalProperties: false, title: 'OpenedCart' },
  ),
  description: 'The cart; its ETag is its version.',
  headers: { etag: { type: 'string' } },
};

const DroppedLine = Type.Object(
  {
    sku: Type.String(),
    reason: Type.Union(
      [
        Type.Literal('unknown_sku'),
        Type.Literal('not_for_sale'),
        Type.Literal('currency_mismatch'),
        Type.Literal('too_many_lines'),
      ],
      {
        description:
          'The product is gone from the catalog, not for sale, priced in another currency, or the cart ' +
          'already holds 200 lines.',
      },
    ),
  },
  { additionalProperties: false, title: 'CartDroppedLine' },
);

export const RepriceAnswer = {
  ...Type.Object(
    {
      cart: Cart,
      changes: Type.Array(
        Type.Object(
          { sku: Type.String(), from: Money, to: Money },
          { additionalProperties: false, title: 'CartPriceChange' },
        ),
        {
          description:
            'Each line whose price changed: the cart’s price `from`, the catalog’s `to`. Empty when none.',
        },
      ),
      removed: Type.Array(DroppedLine, {
        description: 'Lines taken out: their product can no longer be sold.',
      }),
    },
    { additionalProperties: false, title: 'CartRepriced' },
  ),
  description: 'The cart at the catalog’s prices now, and what changed; the ETag is its version.',
  headers: { etag: { type: 'string' } },
};

export const MergeAnswer = {
  ...Type.Object(
    {
      cart: Cart,
      capped: Type.Array(
        Type.Object(
          {
            sku: Type.String(),
            requested: Type.Integer({ minimum: 1000 }),
            kept: Type.Integer({ maximum: 999 }),
          },
          { additionalProperties: false, title: 'CartCappedLine' },
        ),
        { description: 'Lines whose summed quantity passed 999: `requested` was asked, 999 kept.' },
      ),
      dropped: Type.Array(DroppedLine, { description: 'Lines of the anonymous cart not merged, and why.' }),
    },
    { additionalProperties: false, title: 'CartMerged' },
  ),
  description: 'The customer’s cart with the anonymous one added; the ETag is its version.',
  headers: { etag: { type: 'string' } },
};
