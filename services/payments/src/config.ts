import { Type } from '@comptoir/platform';

/** Payments' own settings; the kit reads and validates them with its own at start-up. */
export const PaymentsConfig = Type.Object({
  /** The card provider adapter. Only the built-in simulation exists today (see its test cards). */
  PAYMENTS_CARD_PROVIDER: Type.Union([Type.Literal('simulated')], { default: 'simulated' }),
  /**
   * Seconds a request holds its idempotency key. Past that, a retry may take over the key, for
   * the replica holding it may have died. Must exceed the card provider's own timeout.
   */
  PAYMENTS_IDEMPOTENCY_LEASE_SECONDS: Type.Integer({ minimum: 5, maximum: 600, default: 30 }),
  /** Hours an answered idempotency key is kept; a retry after that is a new request. */
  PAYMENTS_IDEMPOTENCY_KEY_RETENTION_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 30, default: 24 }),
  /** The Retry-After a client hears when the card provider did not answer. */
  PAYMENTS_PROVIDER_RETRY_AFTER_SECONDS: Type.Integer({ minimum: 0, maximum: 60, default: 1 }),
});
