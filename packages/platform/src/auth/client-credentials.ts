export interface ClientCredentialsOptions {
  /** The OAuth2 token endpoint: identity's `POST /oauth/token`, e.g. `http://127.0.0.1:8102/oauth/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for; all of the client's own when absent. */
  scope?: string;
  /** Bound on one token request. Default 5 000 ms. */
  timeoutMs?: number;
}

/** A machine client's credentials, turned into `Authorization` headers on demand. */
export interface ClientCredentials {
  /** `Bearer <token>`: the cached token, or a fresh one when none is left with 30 s to live. */
  header(): Promise<string>;
  /** Forgets the cached token (a downstream refused it): the next `header()` fetches another. */
  invalidate(): void;
}

/** Renew this long before `exp`, so a token never expires between being read and being checked. */
const RENEW_BEFORE_MS = 30_000;

interface CachedToken {
  value: string;
  renewAt: number;
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded. */
function basicAuthorization(id: string, secret: string): string {
  const encode = (text: string) => new URLSearchParams({ v: text }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

async function fetchToken(options: ClientCredentialsOptions): Promise<CachedToken> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (options.scope !== undefined) form.set('scope', options.scope);
  const response = await fetch(options.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: basicAuthorization(options.clientId, options.clientSecret),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: form.toString(),
    signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // reported below with the status
  }
  if (!response.ok) {
    // RFC 6749 §5.2 names the error; the secret is never in the message.
    const reason = typeof body.error === 'string' ? `: ${body.error}` : '';
    throw new Error(
      `client ${options.clientId}: token endpoint answered ${response.status}${reason} (${options.tokenUrl})`,
    );
  }
  const { access_token: token, token_type: type, expires_in: expiresIn } = body;
  if (typeof token !== 'string' || token === '' || String(type).toLowerCase() !== 'bearer') {
    throw new Error(`client ${options.clientId}: the token endpoint sent no bearer access token`);
  }
  // Without `expires_in` (RFC 6749 makes it optional) the token is used for a minute.
  const lifetimeMs = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn * 1000 : 60_000;
  // A token shorter-lived than twice the margin is renewed halfway through its life instead.
  const renewBefore = Math.min(RENEW_BEFORE_MS, lifetimeMs / 2);
  return { value: `Bearer ${token}`, renewAt: Date.now() + lifetimeMs - renewBefore };
}

/**
 * OAuth2 client credentials (RFC 6749 §4.4) for a service calling others as itself — a worker with
 * no user's token to forward. The token is cached until 30 s before it expires; concurrent callers
 * share one request to the token endpoint. A failed request rejects every caller waiting on it and
 * is not retried here: the caller's own retry (a redelivered message, the next attempt) asks again.
 * @example
 * const credentials = clientCredentials({ tokenUrl, clientId: 'ordering', clientSecret });
 * await inventory.post('/reservations', body, { headers: { authorization: await credentials.header() } });
 */
export function clientCredentials(options: ClientCredentialsOptions): ClientCredentials {
  let cached: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;
  return {
    async header() {
      if (cached && Date.now() < cached.renewAt) return cached.value;
      inFlight ??= fetchToken(options).then(
        (token) => {
          cached = token;
          inFlight = undefined;
          return token;
        },
        (error: unknown) => {
          inFlight = undefined;
          throw error;
        },
      );
      return (await inFlight).value;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
