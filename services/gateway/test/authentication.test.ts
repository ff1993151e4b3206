import { type TestAuth, testAuth } from '@comptoir/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIdentity, startFakeIdentity } from './fake-identity.ts';
import { type Echo, type FakeUpstream, startFakeUpstream } from './fake-upstream.ts';
import { type RunningGateway, startGateway } from './gateway.ts';
import { type TokenForge, tokenForge, unsignedToken } from './tokens.ts';

let catalog: FakeUpstream;
let identity: FakeIdentity;
let gw: RunningGateway;
let auth: TestAuth;
/** A key identity publishes, for tokens `testAuth` will not make (other issuer, audience). */
let trusted: TokenForge;
/** A key nobody published. */
let stranger: TokenForge;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Routes that need a caller: admin-only, seller-or-admin, any signed-in caller, unlisted, a view. */
const PROTECTED: Array<[method: string, path: string]> = [
  ['GET', '/api/identity/users'],
  ['POST', '/api/catalog/products'],
  ['GET', '/api/identity/users/me'],
  ['DELETE', '/api/identity/sessions/current'],
  ['GET', '/api/views/me'],
];

async function call(method: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${gw.url}${path}`, { method, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  [auth, catalog] = await Promise.all([testAuth(), startFakeUpstream('catalog')]);
  trusted = tokenForge();
  stranger = tokenForge();
  identity = await startFakeIdentity([...auth.jwks.keys, ...trusted.jwks.keys]);
  gw = await startGateway({
    CATALOG_URLS: catalog.url,
    IDENTITY_URLS: identity.url,
    COMPTOIR_JWKS_URL: identity.jwksUrl,
  });
});
afterAll(async () => {
  await gw?.close();
  await Promise.all([catalog?.close(), identity?.close()]);
});

describe('tokens the gateway refuses', () => {
  const cases: Array<[string, () => Promise<string> | string]> = [
    ['forged (signed by an unknown key)', () => stranger.mint()],
    ['forged (a known key id, another signature)', () => stranger.mint({}, { kid: trusted.kid })],
    ['expired', () => auth.tokenFor({ roles: ['admin'] }, { expiresInSeconds: -60 })],
    ['unsigned (alg: none)', () => unsignedToken()],
    ['for another audience', () => trusted.mint({ aud: 'someone-else' })],
    ['from another issuer', () => trusted.mint({ iss: 'https://evil.example' })],
  ];
  for (const [name, token] of cases) {
    it(`answers 401 with WWW-Authenticate to a token ${name}, on every protected route`, async () => {
      const headers = bearer(await token());
      for (const [method, path] of PROTECTED) {
        const { status, headers: answer, body } = await call(method, path, headers);
        expect(status, `${method} ${path}`).toBe(401);
        expect(answer.get('www-authenticate')).toContain('Bearer');
        expect(answer.get('content-type')).toContain('application/problem+json');
        expect(body.code).toBe('AUTH_INVALID_TOKEN');
      }
      expect(catalog.served).toBe(0);
    });
  }

  it('answers 401 without a token, naming the scheme', async () => {
    for (const [method, path] of PROTECTED) {
      const { status, headers } = await call(method, path);
      expect(status, `${method} ${path}`).toBe(401);
      expect(headers.get('www-authenticate')).toBe('Bearer');
    }
  });
});

describe('roles at the gateway', () => {
  it('refuses a cashier on an admin route with 403', async () => {
    const cashier = await auth.headersFor({ roles: ['cashier'], storeIds: ['sto_1'] });
    const { status, body } = await call('GET', '/api/identity/users', cashier);
    expect(status).toBe(403);
    expect(body.code).toBe('AUTH_FORBIDDEN');
    expect((await call('POST', '/api/catalog/products', cashier)).status).toBe(403);
  });

  it('lets an admin and a seller write to the catalog', async () => {
    for (const roles of [['admin'], ['seller']] as const) {
      const { status, body } = await call(
        'POST',
        '/api/catalog/products',
        await auth.headersFor({ roles: [...roles] }),
      );
      expect(status).toBe(200);
      expect((body as Echo).headers.authorization).toMatch(/^Bearer /);
    }
  });

  it('serves public routes without a token, and with a stale one', async () => {
    expect((await call('GET', '/api/catalog/products')).status).toBe(200);
    expect((await call('GET', '/api/identity/.well-known/jwks.json')).status).toBe(200);
    const expired = bearer(await auth.tokenFor({ roles: ['customer'] }, { expiresInSeconds: -60 }));
    expect((await call('GET', '/api/catalog/products/prod_1', expired)).status).toBe(200);
  });

  it('judges an escaped path as the path it reaches', async () => {
    const cashier = await auth.headersFor({ roles: ['cashier'] });
    expect((await call('GET', '/api/identity/%75sers', cashier)).status).toBe(403);
  });

  it('judges an escaped slash as part of its segment, as the service router will', async () => {
    // Decoded, this would be a path below /users/me (any signed-in caller); the service sees
    // /users/:id with the id `me/../usr_1`, which only head office may read.
    const customer = await auth.headersFor({ roles: ['customer'] });
    expect((await call('GET', '/api/identity/users/me%2F..%2Fusr_1', customer)).status).toBe(403);
  });
});

describe('API keys', () => {
  it('forwards the JWT identity minted for the key, never the key', async () => {
    const minted = await auth.tokenFor({ subject: 'usr_partner', kind: 'api_key', roles: ['seller'] });
    identity.apiKeys.set('ck_live_partner.secret', { accessToken: minted, expiresIn: 300 });
    const key = { authorization: 'ApiKey ck_live_partner.secret' };
    const first = await call('POST', '/api/catalog/products', key);
    expect(first.status).toBe(200);
    const seen = first.body as Echo;
    expect(seen.headers.authorization).toBe(`Bearer ${minted}`);
    expect(JSON.stringify(seen.headers)).not.toContain('ck_live_partner');
    // The introspection is reused while the minted token has life left.
    const before = identity.introspections;
    expect((await call('GET', '/api/catalog/products', key)).status).toBe(200);
    expect(identity.introspections).toBe(before);
  });

  it('refuses a revoked or unknown key with 401, and never forwards it', async () => {
    const { status, headers, body } = await call('GET', '/api/identity/users/me', {
      authorization: 'ApiKey ck_live_revoked.secret',
    });
    expect(status).toBe(401);
    expect(body.code).toBe('GATEWAY_API_KEY_INVALID');
    expect(headers.get('www-authenticate')).toContain('ApiKey');
    const open = await call('GET', '/api/catalog/products', {
      authorization: 'ApiKey ck_live_revoked.secret',
    });
    expect(open.status).toBe(200);
    expect((open.body as Echo).headers.authorization).toBeUndefined();
  });
});

describe('client-credential tokens', () => {
  it('are accepted like any access token', async () => {
    const client = await auth.headersFor({
      subject: 'cli_erp',
      kind: 'client',
      roles: ['seller'],
      scopes: ['catalog:write'],
    });
    expect((await call('POST', '/api/catalog/products', client)).status).toBe(200);
  });
});

describe('a rotated signing key', () => {
  it('is accepted without a restart: an unknown kid fetches the key set again', async () => {
    const rotated = tokenForge();
    const before = identity.jwksFetches;
    identity.keys.push(...rotated.jwks.keys);
    const { status } = await call(
      'GET',
      '/api/identity/users/me',
      bearer(rotated.mint({ roles: ['customer'] })),
    );
    expect(status).toBe(200);
    expect(identity.jwksFetches).toBeGreaterThan(before);
  });
});
