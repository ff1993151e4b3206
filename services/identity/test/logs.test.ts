import { Writable } from 'node:stream';
import type { UserRegistered } from '@comptoir/contracts';
import { loggerOptions } from '@comptoir/platform';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startIdentity, type TestIdentity } from './identity.fixture.ts';

/** Every line identity logs, at the most talkative level, kept in memory to be searched. */
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});

let identity: TestIdentity;
let logger: pino.Logger;
beforeAll(async () => {
  logger = pino(loggerOptions('identity', { level: 'trace', pretty: false }), sink);
  identity = await startIdentity({ LOG_LEVEL: 'trace' }, { logger });
});
afterAll(() => identity?.close());

describe('logs', () => {
  it('of a full sign-up, sign-in, refresh and credential flow contain no password, token or key', async () => {
    const secrets: string[] = [ADMIN.password];
    const keep = <T extends string>(value: T): T => {
      secrets.push(value);
      return value;
    };
    const email = `logged-${Date.now()}@example.test`;
    const password = keep('a secret nobody should log');
    const signUp = await identity.call('POST', '/users', {
      body: { email, password, displayName: 'Logged' },
    });
    const registered = await identity.event<UserRegistered>(
      'user.registered',
      (d) => d.userId === signUp.json().id,
    );
    const token = keep(new URL(registered.data.verification?.url ?? '').searchParams.get('token') ?? '');
    await identity.expectOk(200, 'POST', '/verifications', { body: { token } });

    await identity.call('POST', '/sessions', { body: { email, password: keep('a wrong guess of it') } });
    const session = await identity.signIn(email, password);
    keep(session.accessToken);
    keep(session.refreshToken);
    const refreshed = await identity.expectOk<{ accessToken: string; refreshToken: string }>(
      200,
      'POST',
      '/sessions/refresh',
      {
        body: { refreshToken: session.refreshToken },
      },
    );
    keep(refreshed.accessToken);
    keep(refreshed.refreshToken);
    await identity.call('POST', '/sessions/refresh', { body: { refreshToken: session.refreshToken } }); // reuse
    const again = await identity.signIn(email, password);
    keep(again.accessToken);
    await identity.expectOk(204, 'POST', '/users/me/password', {
      token: again.accessToken,
      body: { currentPassword: password, newPassword: keep('another long secret phrase') },
    });

    const admin = keep(await identity.admin());
    const { key } = await identity.expectOk<{ key: string }>(201, 'POST', '/api-keys', {
      token: admin,
      body: { name: 'logged key', scopes: ['x:read'] },
    });
    keep(key);
    const introspection = await identity.expectOk<{ accessToken: string }>(
      200,
      'POST',
      '/api-keys/introspect',
      { body: { key } },
    );
    keep(introspection.accessToken);
    const client = await identity.expectOk<{ clientId: string; clientSecret: string }>(
      201,
      'POST',
      '/oauth/clients',
      {
        token: admin,
        body: { name: 'logged client', scopes: [] },
      },
    );
    keep(client.clientSecret);
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    keep(basic);
    const issued = await identity.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials',
    });
    keep(issued.json().access_token);
    await identity.call('DELETE', '/sessions/current', { token: refreshed.accessToken });

    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(20); // the capture did capture
    expect(text).toContain('refresh token reused');
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(10);
      expect(text).not.toContain(secret);
    }
    // No piece of a JWT either (its signature alone would do harm in a log).
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  });

  it('redact every secret field of identity’s bodies should someone log one', () => {
    const body = {
      password: 'S3CR3T-1',
      currentPassword: 'S3CR3T-2',
      newPassword: 'S3CR3T-3',
      token: 'S3CR3T-4',
      refreshToken: 'S3CR3T-5',
      key: 'S3CR3T-8',
      client_secret: 'S3CR3T-6',
      access_token: 'S3CR3T-7',
    };
    const before = lines.length;
    logger.info({ body }, 'a careless line');
    const line = lines.slice(before).join('');
    expect(line).toContain('a careless line');
    expect(line).not.toMatch(/S3CR3T/);
  });
});
