import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import type { TestAuth } from '@comptoir/platform/testing';

type JSONWebKeySet = TestAuth['jwks'];

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Hand-made tokens for the cases `testAuth` will not make: other issuers and audiences,
 * `alg: none`, a stranger's signature. Ed25519 with node:crypto, shaped like identity's.
 */
export type { JSONWebKeySet };

export interface TokenForge {
  kid: string;
  /** The public key, to publish in a JWKS (or not, for a forgery). */
  jwks: JSONWebKeySet;
  mint(claims?: Record<string, unknown>, header?: Record<string, unknown>): string;
}

export function tokenForge(): TokenForge {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = `sig_forge_${randomUUID()}`;
  const jwk = {
    ...(publicKey.export({ format: 'jwk' }) as Record<string, string>),
    kid,
    alg: 'EdDSA',
    use: 'sig',
  };
  return {
    kid,
    jwks: { keys: [jwk] } as JSONWebKeySet,
    mint: (claims = {}, header = {}) => signed(privateKey, kid, claims, header),
  };
}

function signed(
  key: KeyObject,
  kid: string,
  claims: Record<string, unknown>,
  header: Record<string, unknown>,
) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'EdDSA', typ: 'at+jwt', kid, ...header });
  const body = b64({
    iss: 'comptoir-identity',
    aud: 'comptoir',
    sub: 'usr_forged',
    iat: now,
    exp: now + 600,
    kind: 'user',
    roles: ['admin'],
    storeIds: [],
    ...claims,
  });
  const signature = sign(null, Buffer.from(`${head}.${body}`), key).toString('base64url');
  return `${head}.${body}.${signature}`;
}

/** `alg: none`, no signature: the oldest trick against JWT libraries. */
export function unsignedToken(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const body = {
    iss: 'comptoir-identity',
    aud: 'comptoir',
    sub: 'usr_none',
    iat: now,
    exp: now + 600,
    roles: ['admin'],
    ...claims,
  };
  return `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(body)}.`;
}
