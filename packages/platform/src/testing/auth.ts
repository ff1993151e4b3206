import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import type { Principal, Role } from '../auth/principal.ts';
import { ACCESS_TOKEN_TYPE, createTokenVerifier, type TokenVerifier } from '../auth/verifier.ts';
import { loadConfig, PlatformConfig } from '../config/config.ts';

/** Who a test token is for: the roles, and any other part of the principal the test cares about. */
export type TestPrincipal = Partial<Principal> & { roles: Role[] };

export interface TestTokenOptions {
  /** Seconds until the token expires; a negative number gives a token that has already expired. Default 900. */
  expiresInSeconds?: number;
}

export interface TestAuth {
  /** Accepts this key's tokens; hand it to `buildService(…, { tokenVerifier })`. */
  verifier: TokenVerifier;
  /** The public key, as identity publishes it at `/.well-known/jwks.json`. */
  jwks: JSONWebKeySet;
  /** An access token for `principal`, signed as identity signs them. */
  tokenFor(principal: TestPrincipal, options?: TestTokenOptions): Promise<string>;
  /** The same token, as the `Authorization: Bearer` header of a request. */
  headersFor(principal: TestPrincipal, options?: TestTokenOptions): Promise<{ authorization: string }>;
}

/**
 * Access tokens for a service's tests, without running identity: a fresh Ed25519 key, tokens
 * shaped exactly like identity's (EdDSA, `typ: at+jwt`, `kid`, the default `iss`/`aud`, `sub`,
 * `iat`, `exp`, `jti`, `kind`, `roles`, `storeIds`, and `scope`/`sid` when given), and a verifier
 * that accepts them and nothing else. The subject defaults to `usr_test`.
 * @example
 * const auth = await testAuth();
 * const service = await buildService(catalog, { tokenVerifier: auth.verifier, db, cache, bus });
 * const headers = await auth.headersFor({ subject: 'usr_jeanne', roles: ['seller'] });
 * await service.app.inject({ method: 'POST', url: '/products', headers, payload });
 * const expired = await auth.tokenFor({ roles: ['admin'] }, { expiresInSeconds: -60 });
 */
export async function testAuth(): Promise<TestAuth> {
  // The defaults every service verifies against unless its environment says otherwise.
  const { COMPTOIR_JWT_ISSUER: issuer, COMPTOIR_JWT_AUDIENCE: audience } = loadConfig(PlatformConfig, {});
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = `sig_test_${randomUUID()}`;
  const jwks: JSONWebKeySet = {
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }],
  };

  async function tokenFor(principal: TestPrincipal, options: TestTokenOptions = {}): Promise<string> {
    const claims: Record<string, unknown> = {
      kind: principal.kind ?? 'user',
      roles: principal.roles,
      storeIds: principal.storeIds ?? [],
    };
    if (principal.scopes) claims.scope = principal.scopes.join(' ');
    if (principal.sessionId) claims.sid = principal.sessionId;
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = now + (options.expiresInSeconds ?? 900);
    return (
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', typ: ACCESS_TOKEN_TYPE, kid })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(principal.subject ?? 'usr_test')
        // An expired token was issued before it expired, as a real one would have been.
        .setIssuedAt(Math.min(now, expiresAt - 1))
        .setExpirationTime(expiresAt)
        .setJti(randomBytes(16).toString('base64url'))
        .sign(privateKey)
    );
  }

  return {
    verifier: createTokenVerifier({ keySet: jwks, issuer, audience }),
    jwks,
    tokenFor,
    async headersFor(principal, options) {
      return { authorization: `Bearer ${await tokenFor(principal, options)}` };
    },
  };
}
