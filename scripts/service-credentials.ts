import { randomBytes } from 'node:crypto';

/** What ordering's saga workers do as themselves: hold and commit stock, charge and refund, read payments. */
export const ORDERING_CLIENT_SCOPES = 'stock:write payments:write payments:read';

/** identity's token endpoint as the launchers run it (identity's first replica). */
export const DEFAULT_TOKEN_URL = 'http://127.0.0.1:8102/oauth/token';

export interface LaunchCredentials {
  /** For identity: the service clients to create or update at start. */
  identity: Record<string, string>;
  /** For every service (only ordering reads them): who ordering is and where it gets its token. */
  services: Record<string, string>;
}

/** The secret `IDENTITY_SERVICE_CLIENTS` gives `clientId`, if it declares it (syntax in identity's config). */
function declaredSecret(clients: string, clientId: string): string | undefined {
  for (const entry of clients.split(';')) {
    const equals = entry.indexOf('=');
    const at = entry.indexOf('@', equals + 1);
    if (equals > 0 && at > equals && entry.slice(0, equals).trim() === clientId)
      return entry.slice(equals + 1, at);
  }
  return undefined;
}

/**
 * The machine credentials of one launch: a fresh random secret per run for the `ordering` client
 * (identity updates the client at start, so the previous run's secret dies with it), handed to
 * identity as `IDENTITY_SERVICE_CLIENTS` and to ordering as `ORDERING_CLIENT_*`. Any of these
 * variables set by the user wins, and the rest follow it: a user's `ORDERING_CLIENT_SECRET` is
 * the one identity is given, a user's `IDENTITY_SERVICE_CLIENTS` gives ordering its secret.
 */
export function launchCredentials(env: Readonly<Record<string, string | undefined>>): LaunchCredentials {
  const clientId = env.ORDERING_CLIENT_ID || 'ordering';
  const declared = env.IDENTITY_SERVICE_CLIENTS
    ? declaredSecret(env.IDENTITY_SERVICE_CLIENTS, clientId)
    : undefined;
  const secret = env.ORDERING_CLIENT_SECRET || declared || randomBytes(32).toString('base64url');
  return {
    identity: {
      IDENTITY_SERVICE_CLIENTS:
        env.IDENTITY_SERVICE_CLIENTS || `${clientId}=${secret}@${ORDERING_CLIENT_SCOPES}`,
    },
    services: {
      ORDERING_CLIENT_ID: clientId,
      ORDERING_CLIENT_SECRET: secret,
      ORDERING_TOKEN_URL: env.ORDERING_TOKEN_URL || DEFAULT_TOKEN_URL,
    },
  };
}
