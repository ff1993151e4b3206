import type { IncomingHttpHeaders } from 'node:http';
import { OAuthError } from '../domain/errors.ts';

export interface TokenRequest {
  clientId: string;
  clientSecret: string;
  scope: string | undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64, so `+` and `%xx` decode too. */
const formDecode = (value: string): string => decodeURIComponent(value.replace(/\+/g, ' '));

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+=*)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'Malformed Basic credentials.');
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_client', 'Malformed Basic credentials.');
  }
}

/**
 * Reads a client-credentials token request from a form or JSON body, with the client
 * authenticated by HTTP Basic or by `client_id`/`client_secret` in the body — one or the other.
 */
export function readTokenRequest(headers: IncomingHttpHeaders, body: unknown): TokenRequest {
  const params =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const grantType = text(params.grant_type);
  if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required.');
  if (grantType !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', 'Only the client_credentials grant is supported.');
  }
  const scope = params.scope === undefined ? undefined : text(params.scope);
  if (params.scope !== undefined && scope === undefined)
    throw new OAuthError('invalid_request', 'scope must be a string.');
  const basic = basicCredentials(headers.authorization);
  const inBody = params.client_id !== undefined || params.client_secret !== undefined;
  if (basic && inBody) {
    throw new OAuthError('invalid_request', 'Authenticate the client by one method only: Basic or the body.');
  }
  const id = basic?.id ?? text(params.client_id);
  const secret = basic?.secret ?? text(params.client_secret);
  if (!id || !secret) throw new OAuthError('invalid_client', 'Client authentication is required.');
  return { clientId: id, clientSecret: secret, scope };
}

/** The token endpoint's errors in RFC 6749 §5.2 terms; undefined for a server fault. */
export function asOAuthError(error: unknown): OAuthError | undefined {
  if (error instanceof OAuthError) return error;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  // Fastify's own client errors: a malformed body, an unknown media type, a body too large.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new OAuthError('invalid_request', 'The request body could not be read.');
  }
  return undefined;
}
