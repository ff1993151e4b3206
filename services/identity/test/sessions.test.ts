import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, headerOf, PASSWORD, startIdentity, type TestIdentity } from './identity.fixture.ts';

let identity: TestIdentity;
beforeAll(async () => {
  identity = await startIdentity();
});
afterAll(() => identity?.close());

const refresh = (refreshToken: string) =>
  identity.call('POST', '/sessions/refresh', { body: { refreshToken } });

describe('signing in', () => {
  it('gives an EdDSA at+jwt access token with the RFC 9068 claims, and an opaque refresh token', async () => {
    const { id, tokens } = await identity.user(['store_manager'], ['sto_1']);
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(headerOf(tokens.accessToken)).toMatchObject({
      alg: 'EdDSA',
      typ: 'at+jwt',
      kid: expect.any(String),
    });
    const claims = claimsOf(tokens.accessToken);
    expect(claims).toMatchObject({
      iss: 'comptoir-identity',
      aud: 'comptoir',
      sub: id,
      roles: ['store_manager'],
      storeIds: ['sto_1'],
      kind: 'user',
      jti: expect.any(String),
      sid: expect.stringMatching(/^ses_/),
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    expect(tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    const { email } = await identity.user();
    const wrong = await identity.call('POST', '/sessions', {
      body: { email, password: 'not the password at all' },
    });
    const unknown = await identity.call('POST', '/sessions', {
      body: { email: 'ghost@example.test', password: PASSWORD },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.json().code).toBe('IDENTITY_INVALID_CREDENTIALS');
  });
});

describe('refreshing a session', () => {
  it('rotates the refresh token: the new pair works and the old refresh token is spent', async () => {
    const { tokens } = await identity.user();
    const rotated = await refresh(tokens.refreshToken);
    expect(rotated.statusCode).toBe(200);
    const next = rotated.json();
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(claimsOf(next.accessToken).sid).toBe(claimsOf(tokens.accessToken).sid);
    expect((await identity.call('GET', '/users/me', { token: next.accessToken })).statusCode).toBe(200);
    expect((await refresh(next.refreshToken)).statusCode).toBe(200);
  });

  it('revokes the whole family when a rotated token is reused: the newer token dies too', async () => {
    const { tokens } = await identity.user();
    const stolen = tokens.refreshToken;
    const legit = (await refresh(stolen)).json();
    const replay = await refresh(stolen);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'IDENTITY_REFRESH_TOKEN_REUSED' });
    const afterwards = await refresh(legit.refreshToken);
    expect(afterwards.statusCode).toBe(401);
    expect(afterwards.json()).toMatchObject({ code: 'IDENTITY_REFRESH_TOKEN_INVALID' });
  });

  it('refuses a refresh token it never issued', async () => {
    const response = await refresh('x'.repeat(43));
    expect(response.statusCode).toBe(401);
  });

  it('works with a stale access token still in the Authorization header (a public route)', async () => {
    const { tokens } = await identity.user();
    const response = await identity.call('POST', '/sessions/refresh', {
      token: 'stale.garbage.token',
      body: { refreshToken: tokens.refreshToken },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('signing out', () => {
  it('revokes the session of the access token', async () => {
    const { tokens } = await identity.user();
    const out = await identity.call('DELETE', '/sessions/current', { token: tokens.accessToken });
    expect(out.statusCode).toBe(204);
    expect((await refresh(tokens.refreshToken)).statusCode).toBe(401);
  });

  it('also revokes the session of a refresh token given in the body, when it is the caller’s', async () => {
    const { email, tokens } = await identity.user();
    const other = await identity.signIn(email);
    const out = await identity.call('DELETE', '/sessions/current', {
      token: tokens.accessToken,
      body: { refreshToken: other.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await refresh(other.refreshToken)).statusCode).toBe(401);
  });

  it('needs an access token', async () => {
    const response = await identity.call('DELETE', '/sessions/current');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'AUTH_REQUIRED' });
  });
});

describe('sign-in throttling', () => {
  const attempt = (email: string, password: string, ip: string) =>
    identity.call('POST', '/sessions', { body: { email, password }, headers: { 'x-forwarded-for': ip } });

  it('locks an account for a while after 5 failures, even with the right password, with Retry-After', async () => {
    const { email } = await identity.user();
    for (let i = 0; i < 5; i++) {
      expect((await attempt(email, `wrong password ${i}!`, `10.0.0.${i}`)).statusCode).toBe(401);
    }
    const locked = await attempt(email, PASSWORD, '10.0.0.99');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({
      code: 'IDENTITY_SIGN_IN_THROTTLED',
      retryAfter: expect.any(Number),
    });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it('blocks an address after 20 failures across accounts, but not other addresses', async () => {
    const ip = '192.0.2.7';
    for (let i = 0; i < 20; i++) {
      expect((await attempt(`guess${i}@example.test`, 'wrong password!!', ip)).statusCode).toBe(401);
    }
    const { email } = await identity.user();
    const blocked = await attempt(email, PASSWORD, ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect((await attempt(email, PASSWORD, '198.51.100.1')).statusCode).toBe(200);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const remote = await identity.app.inject({
      method: 'POST',
      url: '/sessions',
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-for': '192.0.2.7' },
      payload: { email: 'ghost@example.test', password: 'whatever it is!' },
    });
    // Not from loopback: the forged header is ignored, so the blocked address does not apply.
    expect(remote.statusCode).toBe(401);
  });
});
