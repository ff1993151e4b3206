import { Type } from '@comptoir/platform';

const seconds = (fallback: number, description: string, minimum = 1) =>
  Type.Integer({ minimum, default: fallback, description });

/** identity's own settings; the kit reads and validates them with its own at start-up. */
export const IdentityConfig = Type.Object({
  /** Where the web app lives: verification links point at `<url>/verify?token=…`. */
  IDENTITY_PUBLIC_URL: Type.String({ pattern: '^https?://', default: 'http://localhost:8080' }),
  IDENTITY_ACCESS_TOKEN_TTL_SECONDS: seconds(900, 'Lifetime of a user access token.', 60),
  IDENTITY_API_KEY_TOKEN_TTL_SECONDS: seconds(300, 'Lifetime of a token minted for an API key.', 60),
  IDENTITY_CLIENT_TOKEN_TTL_SECONDS: seconds(900, 'Lifetime of a client-credentials token.', 60),
  IDENTITY_REFRESH_TOKEN_TTL_SECONDS: seconds(30 * 86_400, 'Idle lifetime of a refresh token.', 300),
  IDENTITY_VERIFICATION_TTL_SECONDS: seconds(86_400, 'Lifetime of an email verification link.'),
  IDENTITY_RESEND_INTERVAL_SECONDS: seconds(60, 'Shortest wait between two verification emails.'),
  IDENTITY_SIGN_IN_WINDOW_SECONDS: seconds(900, 'Window over which failed sign-ins are counted.'),
  IDENTITY_SIGN_IN_MAX_FAILURES_PER_ACCOUNT: Type.Integer({ minimum: 1, default: 5 }),
  IDENTITY_SIGN_IN_MAX_FAILURES_PER_IP: Type.Integer({ minimum: 1, default: 20 }),
  /**
   * Peers whose `X-Forwarded-For` is believed (proxy-addr syntax: `loopback`, CIDRs, comma
   * separated): the gateway. The kit does not set Fastify's `trustProxy`, so identity reads it.
   */
  IDENTITY_TRUSTED_PROXIES: Type.String({ default: 'loopback' }),
  /** 32 random bytes, base64url: seals signing keys at rest. Unset: stored as plain JWK (development). */
  IDENTITY_KEY_ENCRYPTION_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' })),
  /** With the password: creates this verified admin at start when there is no admin yet. */
  IDENTITY_BOOTSTRAP_ADMIN_EMAIL: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' })),
  IDENTITY_BOOTSTRAP_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
});
