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
  /**
   * The simulated provider's key for saved cards (`pm_…` tokens, AES-256-GCM): at least 32 bytes
   * of randomness (`openssl rand -base64 32`), the same on every replica. Unset: the documented
   * development key `DEV_CARD_TOKEN_SECRET`, with a warning at start. Changing it voids the
   * tokens out there: their payments answer 422 and the customer saves the card again.
   */
  PAYMENTS_CARD_TOKEN_SECRET: Type.Optional(
    Type.String({
      minLength: 32,
      writeOnly: true,
      description: 'At least 32 bytes; the same on every replica.',
    }),
  ),
  /** Seconds a saved card may start new payments. */
  PAYMENTS_CARD_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 30 * 86_400, default: 3_600 }),
});

/**
 * The key saved cards are sealed with when `PAYMENTS_CARD_TOKEN_SECRET` is unset: public, so fit
 * for development and tests only — anyone who reads this line could open such a token.
 */
export const DEV_CARD_TOKEN_SECRET = 'comptoir-development-card-token-secret-not-for-production';
