import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, headerOf, startIdentity, type TestIdentity } from './identity.fixture.ts';

let identity: TestIdentity;
beforeAll(async () => {
  identity = await startIdentity();
});
afterAll(() => identity?.close());

const introspect = (key: string) => identity.call('POST', '/api-keys/introspect', { body: { key } });

describe('API keys', () => {
  it('are shown once, stored hashed, and introspect to a short-lived api_key token', async () => {
    const seller = await identity.user(['seller']);
    const created = await identity.call('POST', '/api-keys', {
      token: seller.token,
      body: { name: 'Boutique sync', scopes: ['products:read', 'products:write'] },
    });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json();
    expect(key).toMatch(/^cpt_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);

    const listed = await identity.call('GET', '/api-keys', { token: seller.token });
    expect(listed.json().items).toMatchObject([{ id, name: 'Boutique sync', lastUsedAt: null }]);
    expect(listed.body).not.toContain(key.slice(13));
    const { rows } = await identity.db.query<{ secret_hash: string }>('select secret_hash from api_key');
    expect(JSON.stringify(rows)).not.toContain(key.slice(13));

    const answer = await introspect(key);
    expect(answer.headers['cache-control']).toBe('no-store');
    const result = answer.json();
    expect(result).toMatchObject({
      active: true,
      expiresIn: 300,
      principal: {
        subject: seller.id,
        kind: 'api_key',
        roles: ['seller'],
        scopes: ['products:read', 'products:write'],
      },
    });
    expect(headerOf(result.accessToken)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    expect(claimsOf(result.accessToken)).toMatchObject({
      kind: 'api_key',
      scope: 'products:read products:write',
      sub: seller.id,
    });
    // The minted token is a real access token: services (identity included) accept it.
    expect((await identity.call('GET', '/users/me', { token: result.accessToken })).json().id).toBe(
      seller.id,
    );

    const used = (await identity.call('GET', '/api-keys', { token: seller.token })).json().items[0];
    expect(used.lastUsedAt).toEqual(expect.any(String));
  });

  it('stop working once revoked, and only their owner or an admin can revoke them', async () => {
    const seller = await identity.user(['seller']);
    const { id, key } = (
      await identity.call('POST', '/api-keys', { token: seller.token, body: { name: 'old', scopes: [] } })
    ).json();
    const stranger = await identity.user(['seller']);
    expect((await identity.call('DELETE', `/api-keys/${id}`, { token: stranger.token })).statusCode).toBe(
      404,
    );
    expect((await identity.call('DELETE', `/api-keys/${id}`, { token: seller.token })).statusCode).toBe(204);
    expect((await introspect(key)).json()).toEqual({ active: false });
  });

  it('are listed for their owner only, and all of them for an admin', async () => {
    const seller = await identity.user(['seller']);
    await identity.call('POST', '/api-keys', { token: seller.token, body: { name: 'mine', scopes: [] } });
    const other = await identity.user(['seller']);
    expect((await identity.call('GET', '/api-keys', { token: other.token })).json().items).toEqual([]);
    const all = (await identity.call('GET', '/api-keys?limit=100', { token: await identity.admin() })).json();
    expect(all.items.map((k: { ownerId: string }) => k.ownerId)).toContain(seller.id);
  });

  it('cannot be created by a customer, nor by another key', async () => {
    const customer = await identity.user();
    const refused = await identity.call('POST', '/api-keys', {
      token: customer.token,
      body: { name: 'x', scopes: [] },
    });
    expect(refused.statusCode).toBe(403);
    const seller = await identity.user(['seller']);
    const { key } = (
      await identity.call('POST', '/api-keys', { token: seller.token, body: { name: 'k', scopes: [] } })
    ).json();
    const keyToken = (await introspect(key)).json().accessToken;
    const chained = await identity.call('POST', '/api-keys', {
      token: keyToken,
      body: { name: 'k2', scopes: [] },
    });
    expect(chained.statusCode).toBe(403);
    expect(chained.json()).toMatchObject({ code: 'IDENTITY_PERSON_ONLY' });
  });

  it.each(['nonsense', 'cpt_abcdefgh_short', `cpt_zzzzzzzz_${'a'.repeat(43)}`])(
    'introspects %s as inactive',
    async (key) => {
      expect((await introspect(key)).json()).toEqual({ active: false });
    },
  );
});

describe('OAuth2 client credentials', () => {
  let clientId: string;
  let clientSecret: string;

  beforeAll(async () => {
    const created = await identity.call('POST', '/oauth/clients', {
      token: await identity.admin(),
      body: { name: 'Partner ERP', scopes: ['orders:read', 'stock:read'] },
    });
    expect(created.statusCode).toBe(201);
    ({ clientId, clientSecret } = created.json());
  });

  const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    identity.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fields).toString(),
    });
  const basic = () =>
    `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;

  it('issues a token to a client authenticated with HTTP Basic', async () => {
    const response = await form({ grant_type: 'client_credentials' }, { authorization: basic() });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'orders:read stock:read' });
    expect(headerOf(body.access_token)).toMatchObject({ typ: 'at+jwt', alg: 'EdDSA' });
    expect(claimsOf(body.access_token)).toMatchObject({
      sub: clientId,
      kind: 'client',
      client_id: clientId,
      roles: [],
    });
  });

  it('issues a token to a client authenticated in the form body, narrowed to the scope asked', async () => {
    const response = await form({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'stock:read',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().scope).toBe('stock:read');
  });

  it('accepts a JSON body too', async () => {
    const response = await identity.call('POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    });
    expect(response.statusCode).toBe(200);
  });

  it('answers a wrong secret with 401 invalid_client in the RFC 6749 shape', async () => {
    const response = await form({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: 'wrong',
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it.each([
    [{ grant_type: 'password' }, 400, 'unsupported_grant_type'],
    [{}, 400, 'invalid_request'],
    [{ grant_type: 'client_credentials', scope: 'admin:everything' }, 400, 'invalid_scope'],
    [{ grant_type: 'client_credentials', client_id: 'cli_x' }, 400, 'invalid_request'],
  ])('answers %o with %i %s', async (fields, status, error) => {
    const response = await form(fields as Record<string, string>, { authorization: basic() });
    expect(response.statusCode).toBe(status);
    expect(response.json().error).toBe(error);
  });

  it('answers a malformed body with invalid_request, not problem+json', async () => {
    const response = await identity.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"grant_type":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('stops issuing tokens to a revoked client', async () => {
    const created = (
      await identity.call('POST', '/oauth/clients', {
        token: await identity.admin(),
        body: { name: 'Temp', scopes: [] },
      })
    ).json();
    await identity.call('DELETE', `/oauth/clients/${created.clientId}`, { token: await identity.admin() });
    const response = await form({
      grant_type: 'client_credentials',
      client_id: created.clientId,
      client_secret: created.clientSecret,
    });
    expect(response.json().error).toBe('invalid_client');
  });

  it('lets only an admin register clients', async () => {
    const seller = await identity.user(['seller']);
    const response = await identity.call('POST', '/oauth/clients', {
      token: seller.token,
      body: { name: 'x', scopes: [] },
    });
    expect(response.statusCode).toBe(403);
  });
});
