import { ConfigError, Type } from '@comptoir/platform';
import type { ServiceClientSpec } from './domain/service-clients.ts';

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
  IDENTITY_KEY_ENCRYPTION_KEY: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', writeOnly: true }),
  ),
  /** With the password: creates this verified admin at start when there is no admin yet. */
  IDENTITY_BOOTSTRAP_ADMIN_EMAIL: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' })),
  IDENTITY_BOOTSTRAP_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 1, writeOnly: true })),
  /**
   * The platform's own machine clients, created or updated at every start (see `parseServiceClients`):
   * `ordering=<secret>@stock:write payments:write;reporting=<secret>@reports:read`.
   */
  IDENTITY_SERVICE_CLIENTS: Type.Optional(
    Type.String({
      writeOnly: true,
      description:
        'Service clients as `<id>=<secret>@<scope> <scope>…`, separated by `;`. Secrets of 32 characters or more.',
    }),
  ),
});

const SERVICE_CLIENT_ID = /^[a-z][a-z0-9-]{1,62}$/;
const SCOPE = /^[a-z][a-z0-9_.:-]{0,63}$/;
const SECRET = /^[^\s;@]{32,512}$/;
const MAX_SCOPES = 32;

/**
 * Reads `IDENTITY_SERVICE_CLIENTS`: entries separated by `;`, each `<id>=<secret>@<scopes>`.
 * - id: lower-case letters, digits and `-`, starting with a letter (`ordering`); it is the OAuth
 *   `client_id` — never shaped like the admin API's `cli_…` ids, so the two cannot meet;
 * - secret: 32 to 512 characters, none of them space, `;` or `@` (base64url of 32 random bytes fits);
 * - scopes: one or more, separated by spaces or commas.
 * Every problem is one line naming the entry by position and id, never repeating a secret.
 */
export function parseServiceClients(text: string | undefined): ServiceClientSpec[] {
  const problems: string[] = [];
  const clients: ServiceClientSpec[] = [];
  const entries = (text ?? '')
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const at = `IDENTITY_SERVICE_CLIENTS entry ${index + 1}`;
    const equals = entry.indexOf('=');
    const separator = entry.indexOf('@', equals + 1);
    if (equals < 0 || separator < 0) {
      problems.push(`${at}: expected <id>=<secret>@<scope> <scope>…`);
      return;
    }
    const clientId = entry.slice(0, equals).trim();
    const secret = entry.slice(equals + 1, separator);
    const scopes = [
      ...new Set(
        entry
          .slice(separator + 1)
          .split(/[\s,]+/)
          .filter(Boolean),
      ),
    ];
    const named = `${at} (${SERVICE_CLIENT_ID.test(clientId) ? clientId : 'bad id'})`;
    if (!SERVICE_CLIENT_ID.test(clientId)) {
      problems.push(
        `${named}: the id must be 2–63 lower-case letters, digits or "-", starting with a letter`,
      );
    } else if (clients.some((c) => c.clientId === clientId)) {
      problems.push(`${named}: "${clientId}" is declared twice`);
    }
    if (!SECRET.test(secret)) {
      problems.push(`${named}: the secret must be 32 to 512 characters without spaces, ";" or "@"`);
      // With an "@" inside the secret, what follows it is secret too: say nothing more of it.
      return;
    }
    if (scopes.length === 0 || scopes.length > MAX_SCOPES) {
      problems.push(`${named}: give 1 to ${MAX_SCOPES} scopes after "@"`);
    }
    const bad = scopes.filter((scope) => !SCOPE.test(scope));
    if (bad.length > 0)
      problems.push(`${named}: not scopes: ${bad.map((s) => JSON.stringify(s)).join(', ')}`);
    clients.push({ clientId, secret, scopes });
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return clients;
}
