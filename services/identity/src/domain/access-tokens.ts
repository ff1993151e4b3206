import { ACCESS_TOKEN_TYPE, type PrincipalKind, type Role } from '@comptoir/platform';
import { SignJWT } from 'jose';
import type { KeyRing } from './key-ring.ts';
import { randomToken } from './secrets.ts';

export interface TokenClaims {
  subject: string;
  kind: PrincipalKind;
  roles: readonly Role[];
  storeIds: readonly string[];
  /** Granted scopes (API keys, clients); absent for a person's own session. */
  scopes?: readonly string[];
  /** The session (refresh-token family), so sign-out and password changes can find it. */
  sessionId?: string;
  /** RFC 9068 `client_id`: the OAuth client, or the API key id. */
  clientId?: string;
  ttlSeconds: number;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

/** Mints RFC 9068 access tokens: EdDSA, `typ: at+jwt`, the key's `kid`, a unique `jti`. */
export class AccessTokens {
  constructor(
    private readonly keys: KeyRing,
    private readonly settings: { issuer: string; audience: string },
  ) {}

  async issue(claims: TokenClaims): Promise<IssuedToken> {
    const { kid, privateKey } = await this.keys.signingKey();
    const payload: Record<string, unknown> = {
      kind: claims.kind,
      roles: claims.roles,
      storeIds: claims.storeIds,
    };
    if (claims.scopes) payload.scope = claims.scopes.join(' ');
    if (claims.sessionId) payload.sid = claims.sessionId;
    if (claims.clientId) payload.client_id = claims.clientId;
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', typ: ACCESS_TOKEN_TYPE, kid })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setSubject(claims.subject)
      .setIssuedAt(now)
      .setExpirationTime(now + claims.ttlSeconds)
      .setJti(randomToken(16))
      .sign(privateKey);
    return { token, expiresIn: claims.ttlSeconds };
  }
}
