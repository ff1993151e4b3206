import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticated, requireRole, requireSelfOrRole } from '../src/auth/guards.ts';
import { type BuiltService, buildService } from '../src/service/build.ts';
import { defineService } from '../src/service/define.ts';

const ISSUER = 'comptoir-identity';
const AUDIENCE = 'comptoir';

interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } };
}

/** identity's JWKS endpoint, played by a local server whose key list a test can change. */
let jwksServer: Server;
let published: JWK[] = [];
let fetches = 0;
let key: TestKey;
let service: BuiltService;

function sign(
  signer: TestKey,
  claims: Record<string, unknown> = {},
  options: { iss?: string; aud?: string; typ?: string; exp?: number; kid?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: ['customer'], storeIds: [], ...claims })
    .setProtectedHeader({ alg: 'EdDSA', typ: options.typ ?? 'at+jwt', kid: options.kid ?? signer.kid })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setSubject('usr_alice')
    .setIssuedAt(now - 60)
    .setExpirationTime(options.exp ?? now + 900)
    .sign(signer.privateKey);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const demo = defineService({
  name: 'auth-demo',
  defaultPort: 0,
  needs: { db: false, cache: false, bus: false },
  async setup({ app }) {
    await app.register(
      authenticated(async (group) => {
        group.get('/me', async (request) => request.principal);
        group.get('/open', { config: { public: true } }, async (request) => ({
          principal: request.principal ?? null,
        }));
        group.get('/admin', { config: { roles: ['admin'] } }, async () => ({ ok: true }));
        group.get('/users/:id', async (request) => {
          const { id } = request.params as { id: string };
          requireSelfOrRole(request, id, 'admin');
          return { id };
        });
      }),
    );
    app.get('/reports', { preHandler: requireRole('store_manager', 'admin') }, async () => ({ ok: true }));
  },
});

const get = (url: string, token?: string) =>
  service.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  key = await newKey('k1');
  published = [key.jwk];
  jwksServer = createServer((_request, response) => {
    fetches += 1;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const { port } = jwksServer.address() as AddressInfo;
  service = await buildService(demo, {
    env: { COMPTOIR_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` },
    logger: pino({ level: 'silent' }),
  });
  await service.app.ready();
});

afterAll(async () => {
  await service?.close();
  await new Promise((resolve) => jwksServer?.close(resolve));
});

describe('bearer tokens on a service built by the kit', () => {
  it('fetches no keys until a token arrives', async () => {
    expect((await get('/open')).statusCode).toBe(200);
    expect(fetches).toBe(0);
  });

  it('accepts a valid token and exposes the principal', async () => {
    const token = await sign(key, { roles: ['cashier', 'nonsense'], storeIds: ['sto_1'], sid: 'ses_1' });
    const response = await get('/me', token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      subject: 'usr_alice',
      kind: 'user',
      roles: ['cashier'],
      storeIds: ['sto_1'],
      scopes: [],
      sessionId: 'ses_1',
    });
  });

  it('reads the kind and scopes of a machine token', async () => {
    const token = await sign(key, { kind: 'api_key', scope: 'products:read products:write', roles: [] });
    expect((await get('/me', token)).json()).toMatchObject({
      kind: 'api_key',
      scopes: ['products:read', 'products:write'],
    });
  });

  it('asks for a token on a protected route, and names the Bearer scheme', async () => {
    const response = await get('/me');
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toMatchObject({ code: 'AUTH_REQUIRED' });
  });

  const forged = async () => sign(await newKey('k1'));
  const expired = () => sign(key, {}, { exp: Math.floor(Date.now() / 1000) - 120 });
  const unsigned = () =>
    Promise.resolve(
      `${b64({ alg: 'none', typ: 'at+jwt', kid: 'k1' })}.${b64({ sub: 'usr_alice', iss: ISSUER, aud: AUDIENCE, exp: 9e9, iat: 1, roles: ['admin'] })}.`,
    );
  // The classic confusion attack: the public key, which anyone can read, used as an HMAC secret.
  const hmacWithPublicKey = () =>
    new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('usr_alice')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(key.jwk)));

  it.each([
    ['a forged signature', forged, 'signature'],
    ['an expired token', expired, 'expired'],
    ['alg: none', unsigned, 'algorithm'],
    ['HS256 keyed with the public key', hmacWithPublicKey, 'algorithm'],
    ['the wrong audience', () => sign(key, {}, { aud: 'someone-else' }), '"aud"'],
    ['the wrong issuer', () => sign(key, {}, { iss: 'evil-identity' }), '"iss"'],
    ['the wrong type (an ID token)', () => sign(key, {}, { typ: 'JWT' }), 'type'],
    ['garbage', () => Promise.resolve('not.a.jwt'), 'malformed'],
  ])('refuses %s with 401 AUTH_INVALID_TOKEN', async (_what, make, reason) => {
    const token = await make();
    const response = await get('/me', token);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const problem = response.json();
    expect(problem).toMatchObject({ code: 'AUTH_INVALID_TOKEN', status: 401 });
    expect(problem.detail).toContain(reason);
    expect(response.body).not.toContain(token);
  });

  it('lets a public route through with a bad token, without a principal', async () => {
    const response = await get('/open', await expired());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ principal: null });
  });

  it('refetches the keys on an unknown kid and accepts a freshly rotated key', async () => {
    await get('/me', await sign(key));
    const before = fetches;
    const rotated = await newKey('k2');
    published = [key.jwk, rotated.jwk];
    const response = await get('/me', await sign(rotated));
    expect(response.statusCode).toBe(200);
    expect(fetches).toBe(before + 1);
    // Tokens of the previous key stay valid while it is published.
    expect((await get('/me', await sign(key))).statusCode).toBe(200);
  });

  it('refuses a kid the refreshed key set does not have either', async () => {
    const stranger = await newKey('k-unknown');
    const response = await get('/me', await sign(stranger));
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toContain('not signed by a known key');
  });

  it('gives a cashier 403 AUTH_FORBIDDEN on an admin route, and lets an admin in', async () => {
    const cashier = await get('/admin', await sign(key, { roles: ['cashier'], storeIds: ['sto_1'] }));
    expect(cashier.statusCode).toBe(403);
    expect(cashier.json()).toMatchObject({ code: 'AUTH_FORBIDDEN' });
    expect((await get('/admin', await sign(key, { roles: ['admin'] }))).statusCode).toBe(200);
  });

  it('enforces requireRole outside a group', async () => {
    expect((await get('/reports')).statusCode).toBe(401);
    expect((await get('/reports', await sign(key, { roles: ['cashier'] }))).statusCode).toBe(403);
    expect((await get('/reports', await sign(key, { roles: ['store_manager'] }))).statusCode).toBe(200);
  });

  it('lets users reach their own resource only, and admins any', async () => {
    const alice = await sign(key);
    expect((await get('/users/usr_alice', alice)).statusCode).toBe(200);
    expect((await get('/users/usr_bob', alice)).statusCode).toBe(403);
    expect((await get('/users/usr_bob', await sign(key, { roles: ['admin'] }))).statusCode).toBe(200);
  });

  it('answers 503 when the key set cannot be fetched', async () => {
    const down = await buildService(demo, {
      env: { COMPTOIR_JWKS_URL: 'http://127.0.0.1:9/jwks.json' },
      logger: pino({ level: 'silent' }),
    });
    const response = await down.app.inject({
      method: 'GET',
      url: '/me',
      headers: { authorization: `Bearer ${await sign(key)}` },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'AUTH_KEYS_UNAVAILABLE' });
    await down.close();
  });
});
