import { Cart, CartId, CashSessionId, Sku } from '@comptoir/contracts';
import { Type } from '@comptoir/platform';

export const Quantity = Type.Integer({ minimum: 1, maximum: 999, examples: [2] });

export const CartParams = Type.Object({ id: CartId });
export const LineParams = Type.Object({ id: CartId, sku: Sku });

export const OpenCartInput = Type.Object(
  { sessionId: { ...CashSessionId, description: 'The open cash session (stores) the basket is for.' } },
  { additionalProperties: false, title: 'OpenCartInput' },
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

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description: 'The ETag (version) of the cart being changed; another is a 412.',
      examples: ['"3"'],
    }),
  ),
});

/** The cart, with its version as ETag. */
export const CartAnswer = {
  ...Cart,
  description: 'The cart; its ETag is its version.',
  headers: { etag: { type: 'string' } },
};
