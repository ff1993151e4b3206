import { createTokenVerifier } from '@comptoir/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerOf, startIdentity, type TestIdentity } from './identity.fixture.ts';

let identity: TestIdentity;
let jwksUrl: string;
beforeAll(async () => {
  identity = await startIdentity();
  // Listening for real: another service's verifier fetches the JWKS over HTTP.
  const address = await identity.app.listen({ host: '127.0.0.1', port: 0 });
  jwksUrl = `${address}/.well-known/jwks.json`;
});
afterAll(() => identity?.close());

const jwks = async () =>
  (await identity.call('GET', '/.well-known/jwks.json')).json() as { keys: Array<{ kid: string }> };
const kids = async () => (await jwks()).keys.map((k) => k.kid);

describe('signing keys', () => {
  it('publishes the public key set, cacheable for a minute, without any private part', async () => {
    const response = await identity.call('GET', '/.well-known/jwks.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    const { keys } = response.json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      use: 'sig',
      kid: expect.any(String),
    });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('rotates without logging anyone out: old tokens still verify, new ones carry the new kid', async () => {
    const verifier = createTokenVerifier({ jwksUrl, issuer: 'comptoir-identity', audience: 'comptoir' });
    const user = await identity.user();
    const oldKid = headerOf(user.token).kid;
    await verifier.verify(user.token); // the other service has now cached the old key set

    const cashier = await identity.user(['cashier']);
    const refused = await identity.call('POST', '/keys/rotate', { token: cashier.token });
    expect(refused.statusCode).toBe(403);

    const rotated = await identity.call('POST', '/keys/rotate', { token: await identity.admin() });
    expect(rotated.statusCode).toBe(201);
    const newKid = rotated.json().kid;
    expect(newKid).not.toBe(oldKid);
    expect(await kids()).toEqual(expect.arrayContaining([oldKid, newKid]));

    const fresh = await identity.signIn(user.email);
    expect(headerOf(fresh.accessToken).kid).toBe(newKid);
    // identity itself, and another service without a restart, accept both.
    expect((await identity.call('GET', '/users/me', { token: user.token })).statusCode).toBe(200);
    expect((await identity.call('GET', '/users/me', { token: fresh.accessToken })).statusCode).toBe(200);
    await expect(verifier.verify(user.token)).resolves.toMatchObject({ subject: user.id });
    await expect(verifier.verify(fresh.accessToken)).resolves.toMatchObject({ subject: user.id });
  });

  it('drops a retired key from the set once its last token has expired', async () => {
    const before = await kids();
    expect(before.length).toBeGreaterThanOrEqual(2);
    // Play the clock forward: the retirement happened longer ago than the longest token lives.
    await identity.db.query(
      "update signing_key set retired_at = now() - interval '1 hour' where state = 'retiring'",
    );
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the JWKS is re-read at most once a second
    const after = await kids();
    expect(after).toHaveLength(1);
    const { rows } = await identity.db.query<{ kid: string }>(
      "select kid from signing_key where state = 'active'",
    );
    expect(after).toEqual([rows[0]?.kid]);
  });
});
