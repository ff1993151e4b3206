import type { BuildOptions, EventEnvelope } from '@comptoir/platform';
import { buildService, type HttpApp } from '@comptoir/platform';
import { testBus } from '../../../packages/platform/src/testing/bus.ts';
import { testCache } from '../../../packages/platform/src/testing/cache.ts';
import { testDatabase } from '../../../packages/platform/src/testing/db.ts';
import { identity } from '../src/app.ts';

export const ADMIN = { email: 'admin@comptoir.test', password: 'correct horse battery staple' };
export const PASSWORD = 'a long and unusual passphrase';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

interface Call {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export type TestIdentity = Awaited<ReturnType<typeof startIdentity>>;

/**
 * identity on a throw-away database, cache and bus (the real servers when COMPTOIR_* are set),
 * with a bootstrap admin and a subscriber that collects its events like notifications would.
 */
export async function startIdentity(env: Record<string, string> = {}, options: Partial<BuildOptions> = {}) {
  const db = await testDatabase('identity');
  const cache = await testCache('identity');
  const bus = await testBus();
  const events: EventEnvelope[] = [];
  const subscription = await bus.subscribe({
    queue: 'notifications.identity-events',
    topics: ['user.*'],
    handler: async (event) => {
      events.push(event);
    },
  });
  const service = await buildService(identity, {
    env: {
      ...process.env,
      LOG_LEVEL: 'silent',
      IDENTITY_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      IDENTITY_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    db,
    cache,
    bus,
    ...options,
  });
  await service.app.ready();
  const app: HttpApp = service.app;

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    { token, body, headers }: Call = {},
  ) =>
    app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });

  async function expectOk<T>(
    status: number,
    method: Parameters<typeof call>[0],
    url: string,
    init?: Call,
  ): Promise<T> {
    const response = await call(method, url, init);
    if (response.statusCode !== status) {
      throw new Error(`${method} ${url}: expected ${status}, got ${response.statusCode}: ${response.body}`);
    }
    return (response.body ? response.json() : undefined) as T;
  }

  /** Waits for the event the relay publishes (it polls, and is nudged on commit). */
  async function event<T>(
    type: string,
    match: (data: T) => boolean,
    timeoutMs = 10_000,
  ): Promise<EventEnvelope<T>> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = events.find((e) => e.type === type && match(e.data as T));
      if (found) return found as EventEnvelope<T>;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no ${type} event arrived within ${timeoutMs} ms`);
  }

  const signIn = (email: string, password = PASSWORD) =>
    expectOk<Tokens>(200, 'POST', '/sessions', { body: { email, password } });

  let adminToken: string | undefined;
  const admin = async () => {
    adminToken ??= (await signIn(ADMIN.email, ADMIN.password)).accessToken;
    return adminToken;
  };

  let made = 0;
  /** A verified account created by the admin, and a signed-in session of it. */
  async function user(roles: string[] = ['customer'], storeIds: string[] = []) {
    made += 1;
    const email = `user${made}-${Date.now().toString(36)}@example.test`;
    const created = await expectOk<{ id: string }>(201, 'POST', '/users', {
      token: await admin(),
      body: { email, password: PASSWORD, displayName: `User ${made}`, roles, storeIds, emailVerified: true },
    });
    const tokens = await signIn(email);
    return { id: created.id, email, tokens, token: tokens.accessToken };
  }

  return {
    app,
    db,
    bus,
    events,
    call,
    expectOk,
    event,
    signIn,
    admin,
    user,
    async close() {
      await service.close();
      await subscription.close();
      await bus.close();
      await cache.close();
      await db.close();
    },
  };
}

/** The claims of a JWT, read without verifying (tests only). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

export function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
}
