import { Type } from '@comptoir/platform';

/** Cart's own settings; the kit reads and validates them with its own at start-up. */
export const CartConfig = Type.Object({
  /** The stores service: cash sessions (is it open, whose store) and stores (currency, taxes). */
  CART_STORES_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:8104' }),
  /** The catalog: a line's product, name and price, read when the line is added. */
  CART_CATALOG_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:8101' }),
  /** Seconds a cart lives after its last change: a shift by default. Every write starts it again. */
  CART_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 604_800, default: 43_200 }),
  /** The online shop's currency: every online cart (a customer's or a visitor's) is in it, with Quebec's taxes. */
  CART_ONLINE_CURRENCY: Type.String({ pattern: '^[A-Z]{3}$', default: 'CAD' }),
});
