import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { DomainError } from '../errors/errors.ts';
import { isRole, type Principal, type PrincipalKind } from './principal.ts';

/** Only asymmetric algorithms: `none` and the HS* family (a public key used as an HMAC secret) are refused. */
export const ACCEPTED_ALGORITHMS = ['EdDSA', 'ES256'] as const;

/** RFC 9068: the header type of a JWT access token, so an ID token or another JWT is never taken for one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/**
 * The keys to verify with: a fixed JWKS, or a function returning the current one. The function
 * is asked again with `{ fresh: true }` when a token names a key it lacks (a rotation).
 */
export type KeySetSource = JSONWebKeySet | ((options: { fresh: boolean }) => Promise<JSONWebKeySet>);

export type TokenVerifierOptions = (
  | { /** identity's `/.well-known/jwks.json` */ jwksUrl: string | URL }
  | { keySet: KeySetSource }
) & {
  issuer: string;
  audience: string;
  /** Shortest wait between two JWKS fetches caused by unknown `kid`s. Default 1 s. */
  cooldownMs?: number;
  /** Seconds of clock skew tolerated on `exp`/`iat`. Default 5. */
  clockToleranceSeconds?: number;
};

/** Checks an access token and says who sent it. */
export interface TokenVerifier {
  /** Resolves to the token's principal, or throws `AUTH_INVALID_TOKEN` (401) / `AUTH_KEYS_UNAVAILABLE` (503). */
  verify(token: string): Promise<Principal>;
}

/**
 * Verifies access tokens signed by identity. With `jwksUrl`, the key set is fetched on the
 * first token (never at start-up), cached, and fetched again when a token names an unknown
 * `kid` — so a freshly rotated key is accepted without a restart.
 * @example
 * const verifier = createTokenVerifier({ jwksUrl: config.COMPTOIR_JWKS_URL, issuer: 'comptoir-identity', audience: 'comptoir' });
 * const principal = await verifier.verify(token); // { subject: 'usr_…', roles: ['customer'], … }
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const getKey =
    'jwksUrl' in options
      ? remoteKeys(options.jwksUrl, options.cooldownMs ?? 1_000)
      : localKeys(options.keySet);
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    typ: ACCESS_TOKEN_TYPE,
    algorithms: [...ACCEPTED_ALGORITHMS],
    requiredClaims: ['sub', 'exp', 'iat'],
    clockTolerance: options.clockToleranceSeconds ?? 5,
  };
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, getKey, verifyOptions);
        return principalFromClaims(payload);
      } catch (error) {
        throw verificationError(error);
      }
    },
  };
}

function remoteKeys(url: string | URL, cooldownMs: number): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(url), { cooldownDuration: cooldownMs, timeoutDuration: 3_000 });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !remote.coolingDown) throw error;
      // A key published just after our last fetch (a rotation): wait out the cooldown and look
      // once more rather than refuse a valid token. Unknown kids still cost at most one fetch per cooldown.
      await new Promise((resolve) => setTimeout(resolve, cooldownMs));
      return remote(header, token);
    }
  };
}

function localKeys(source: KeySetSource): JWTVerifyGetKey {
  if (typeof source !== 'function') return createLocalJWKSet(source);
  let last: { jwks: JSONWebKeySet; keys: JWTVerifyGetKey } | undefined;
  const current = async (fresh: boolean) => {
    const jwks = await source({ fresh });
    // Same object, same imported keys: the source caches, so do we.
    if (last?.jwks !== jwks) last = { jwks, keys: createLocalJWKSet(jwks) };
    return last.keys;
  };
  return async (header, token) => {
    try {
      return await (await current(false))(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      return (await current(true))(header, token);
    }
  };
}

const KINDS: readonly PrincipalKind[] = ['user', 'client', 'api_key'];
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function principalFromClaims(payload: JWTPayload): Principal {
  const kind = KINDS.find((k) => k === payload.kind) ?? 'user';
  const principal: Principal = {
    subject: payload.sub as string,
    kind,
    roles: strings(payload.roles).filter(isRole),
    storeIds: strings(payload.storeIds),
    scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
  };
  if (typeof payload.sid === 'string') principal.sessionId = payload.sid;
  return principal;
}

const invalid = (reason: string) =>
  new DomainError('unauthenticated', 'AUTH_INVALID_TOKEN', `The access token is not valid: ${reason}.`);

/** A reason a client can act on, never the token nor its claims (jose errors carry the payload). */
function verificationError(error: unknown): DomainError {
  if (error instanceof errors.JWTExpired) return invalid('it has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return invalid(
      error.claim === 'typ'
        ? `its type is not "${ACCESS_TOKEN_TYPE}"`
        : `its "${error.claim}" claim is not accepted`,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid('its signing algorithm is not accepted');
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('its signature does not verify');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return invalid('it was not signed by a known key');
  }
  // Fetching or reading the key set failed: the token may be fine, we cannot tell.
  const keysFailed =
    !(error instanceof errors.JOSEError) ||
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    (error.code === 'ERR_JOSE_GENERIC' && error.message.includes('JSON Web Key Set'));
  if (keysFailed) {
    return new DomainError(
      'unavailable',
      'AUTH_KEYS_UNAVAILABLE',
      'The signing keys could not be fetched; try again.',
    );
  }
  return invalid('it is malformed');
}
