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
  /** payments: the sale's cash or card payment, a return's refund; an order's card token, charge and refund. */
  ORDERING_PAYMENTS_URL: upstream(8107),
  /** catalog: an online order's lines priced at checkout (`GET /products?sku=`). */
  ORDERING_CATALOG_URL: upstream(8101),
  /**
   * The saga's own credentials (OAuth2 client credentials at identity): its steps run in a worker,
   * long after the customer's request, as ordering (`stock:write`, `payments:write`, `payments:read`).
   */
  ORDERING_CLIENT_ID: Type.String({ minLength: 1, default: 'ordering' }),
  ORDERING_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1, writeOnly: true })),
  ORDERING_TOKEN_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:8102/oauth/token' }),
  /** inventory's location that online orders are reserved and shipped from. */
  ORDERING_ONLINE_LOCATION: Type.String({ minLength: 1, default: 'loc_online' }),
  /** This process serves the HTTP API (off: a worker-only replica; health and metrics stay). */
  ORDERING_API: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  /** This process runs the checkout workers and the stale-order sweeper (off: an API-only replica). */
  ORDERING_WORKERS: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  /** Checkout messages in flight per worker process. */
  ORDERING_WORKER_PREFETCH: Type.Integer({ minimum: 1, maximum: 200, default: 8 }),
  /** Attempts of one checkout message before its dead-letter queue (the sweeper drives the order on). */
  ORDERING_SAGA_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 1_000, default: 60 }),
  /** Seconds a card payment that cannot be taken (provider down) is retried before the order is cancelled. */
  ORDERING_PAYMENT_DEADLINE_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 120 }),
  /** Seconds after which an order still pending is cancelled with compensation (timed_out). */
  ORDERING_SAGA_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 900 }),
  /** How often the sweeper looks for stale orders. */
  ORDERING_SWEEP_INTERVAL_SECONDS: Type.Integer({ minimum: 1, maximum: 3_600, default: 30 }),
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
