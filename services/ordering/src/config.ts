import { Type } from '@comptoir/platform';

const upstream = (port: number) =>
  Type.String({ pattern: '^https?://', default: `http://127.0.0.1:${port}` });

/** Ordering's own settings; the kit reads and validates them with its own at start-up. */
export const OrderingConfig = Type.Object({
  /** cart: the register's basket is read there, and discarded once sold. */
  ORDERING_CART_URL: upstream(8105),
  /** stores: the cash session, the store (name, address) and the register (name) of a sale. */
  ORDERING_STORES_URL: upstream(8104),
  /** inventory: a sale's stock taken at the store's location, a return's put back. */
  ORDERING_INVENTORY_URL: upstream(8103),
  /** payments: the sale's cash or card payment, a return's refund. */
  ORDERING_PAYMENTS_URL: upstream(8107),
  /** Bound on one call to cart, stores or inventory (each attempt). */
  ORDERING_UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 5_000 }),
  /** Bound on one call to payments (each attempt): a card provider takes longer than a database. */
  ORDERING_PAYMENTS_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 15_000 }),
  /**
   * Seconds a request holds its idempotency key. Past that, a retry may take the key over and
   * resume the sale where it stopped (the holder may have died). Every step being keyed
   * downstream, a slow holder and its successor converge on the same sale.
   */
  ORDERING_IDEMPOTENCY_LEASE_SECONDS: Type.Integer({ minimum: 1, maximum: 600, default: 30 }),
  /** Hours an answered idempotency key is kept; a retry after that is a new request. */
  ORDERING_IDEMPOTENCY_KEY_RETENTION_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 30, default: 24 }),
  /** The Retry-After a till hears when a service behind ordering did not answer. */
  ORDERING_RETRY_AFTER_SECONDS: Type.Integer({ minimum: 0, maximum: 60, default: 1 }),
});
