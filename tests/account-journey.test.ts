/**
 * A newcomer's first minutes, through the gateway only: sign up, find the verification email in
 * the dev mailbox (or the SMTP-less mailbox of a real-server run), follow its link, sign in, and
 * see themselves in the composed `/api/views/me`.
 */
import { gateway } from '@comptoir/gateway';
import { identity } from '@comptoir/identity';
import { notifications } from '@comptoir/notifications';
import { type BuiltService, buildService } from '@comptoir/platform';
import { testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const env: Record<string, string | undefined> = {
  ...process.env,
  LOG_LEVEL: 'silent',
  HOST: '127.0.0.1',
  PORT: '0',
};
delete env.COMPTOIR_SMTP_URL;
const running: BuiltService[] = [];
let api: string;
let closeBus: () => Promise<void>;

async function call(method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${api}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const bus = await testBus();
  closeBus = () => bus.close();
  const identityService = await buildService(identity, {
    env,
    db: await testDatabase('identity'),
    cache: await testCache('identity'),
    bus,
  });
  running.push(identityService);
  const identityUrl = await identityService.listen();
  const shared = { ...env, COMPTOIR_JWKS_URL: `${identityUrl}/.well-known/jwks.json` };
  const notificationsService = await buildService(notifications, {
    env: { ...shared, NOTIFICATIONS_POLL_MS: '100' },
    db: await testDatabase('notifications'),
    cache: await testCache('notifications'),
    bus,
  });
  running.push(notificationsService);
  const notificationsUrl = await notificationsService.listen();
  const gatewayService = await buildService(gateway, {
    env: {
      ...shared,
      IDENTITY_URLS: identityUrl,
      NOTIFICATIONS_URLS: notificationsUrl,
      CATALOG_URLS: 'http://127.0.0.1:9',
      GATEWAY_HEALTH_INTERVAL_MS: '200',
    },
  });
  running.push(gatewayService);
  api = `${await gatewayService.listen()}/api`;
}, 180_000);

afterAll(async () => {
  for (const service of running.reverse()) await service.close();
  await closeBus?.();
});

describe('a newcomer signs up and signs in through the gateway', () => {
  const email = `jeanne.${Date.now()}@example.test`;
  const password = 'un-mot-de-passe-solide-42';

  it('is refused sign-in until the address is verified, then gets in and sees themselves', async () => {
    const signUp = await call('POST', '/identity/users', { email, password, displayName: 'Jeanne Tremblay' });
    expect(signUp.status).toBe(201);

    const early = await call('POST', '/identity/sessions', { email, password });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('IDENTITY_EMAIL_NOT_VERIFIED');

    const summary = await eventually(async () => {
      const mailbox = await call('GET', `/notifications/mailbox?to=${encodeURIComponent(email)}`);
      return mailbox.body?.items?.[0];
    });
    const message = await call('GET', `/notifications/mailbox/${summary.id}`);
    const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(message.body.text)?.[1];
    expect(token).toBeTruthy();

    expect((await call('POST', '/identity/verifications', { token })).status).toBeLessThan(300);
    expect((await call('POST', '/identity/verifications', { token })).status).toBeGreaterThanOrEqual(400);

    const session = await call('POST', '/identity/sessions', { email, password });
    expect(session.status).toBe(200);
    const me = await call('GET', '/views/me', undefined, session.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body.profile.email).toBe(email);
    expect(me.body.roles).toEqual(['customer']);
  });

  it('gets 401 on the view without a token', async () => {
    expect((await call('GET', '/views/me')).status).toBe(401);
  });
});
