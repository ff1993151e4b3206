import { randomUUID } from 'node:crypto';
import { testAuth } from '@comptoir/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.ts';
import { type RunningGateway, startGateway } from './gateway.ts';

const redisUrl = process.env.COMPTOIR_REDIS_URL;
let upstream: FakeUpstream;
const running: RunningGateway[] = [];

async function gatewayWith(env: Record<string, string>, auth?: Awaited<ReturnType<typeof testAuth>>) {
  const gw = await startGateway(
    { CATALOG_URLS: upstream.url, IDENTITY_URLS: upstream.url, ...env },
    auth ? { auth } : {},
  );
  running.push(gw);
  return gw;
}

/** Sends `total` requests spread over the gateways, `concurrency` at a time; the responses, in order. */
async function burst(
  urls: string[],
  total: number,
  init: RequestInit = {},
  concurrency = 16,
): Promise<Response[]> {
  const responses: Response[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const response = await fetch(urls[i % urls.length]!, init);
      await response.arrayBuffer();
      responses[i] = response;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return responses;
}

function expectRefusalHeaders(response: Response): void {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(response.headers.get('ratelimit-policy')).toMatch(/^"browse";q=\d+;w=\d+$/);
  expect(response.headers.get('ratelimit')).toMatch(/^"browse";r=0;t=\d+$/);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
}

beforeAll(async () => {
  upstream = await startFakeUpstream('upstream');
});
afterAll(async () => {
  await Promise.all(running.map((gw) => gw.close()));
  await upstream?.close();
});

describe.skipIf(!redisUrl)('two gateways sharing Redis', () => {
  // 100: every request checked in Redis (reservations of 1–2); 1 000: reservations of up to 20.
  it.each([
    [100, 300],
    [1_000, 1_500],
  ])(
    'hold a limit of %i together within ±10 %%, and every 429 says when to come back',
    async (quota, sent) => {
      const env = {
        // A long window: the refill during the burst stays well under the tolerance.
        GATEWAY_RATE_BROWSE: `${quota}/3600s`,
        GATEWAY_RATE_NAMESPACE: `test-shared-${randomUUID()}`,
        // Accuracy, not outage: a busy machine must not make a slow answer count as Redis down (fail-open).
        GATEWAY_RATE_REDIS_TIMEOUT_MS: '5000',
      };
      const auth = await testAuth();
      const [one, two] = await Promise.all([gatewayWith(env, auth), gatewayWith(env, auth)]);
      const headers = await auth.headersFor({ subject: `usr_${randomUUID()}`, roles: ['customer'] });
      const path = '/api/catalog/products';
      const responses = await burst([`${one.url}${path}`, `${two.url}${path}`], sent, { headers });
      const allowed = responses.filter((r) => r.status === 200).length;
      expect(allowed).toBeGreaterThanOrEqual(quota * 0.9);
      expect(allowed).toBeLessThanOrEqual(quota * 1.1);
      const refused = responses.filter((r) => r.status !== 200);
      expect(refused.length).toBe(sent - allowed);
      for (const response of refused) expectRefusalHeaders(response);
    },
  );
});

describe(`one gateway (${redisUrl ? 'Redis' : 'in-process'})`, () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await gatewayWith({ GATEWAY_RATE_BROWSE: '20/60s', GATEWAY_RATE_AUTH: '3/60s' });
  });

  it('holds the limit, and tells every answer where the caller stands', async () => {
    const headers = await gw.headersFor({ subject: `usr_${randomUUID()}`, roles: ['customer'] });
    const responses = await burst([`${gw.url}/api/catalog/products`], 30, { headers }, 4);
    const allowed = responses.filter((r) => r.status === 200);
    expect(allowed.length).toBe(20);
    expect(allowed[0]!.headers.get('ratelimit-policy')).toBe('"browse";q=20;w=60');
    expect(allowed[0]!.headers.get('ratelimit')).toMatch(/^"browse";r=\d+;t=\d+$/);
    for (const response of responses.filter((r) => r.status !== 200)) expectRefusalHeaders(response);
  });

  it('keeps a bucket per user, and per address for anonymous callers', async () => {
    const greedy = await gw.headersFor({ subject: `usr_${randomUUID()}`, roles: ['customer'] });
    await burst([`${gw.url}/api/catalog/products`], 25, { headers: greedy }, 4);
    const other = await gw.headersFor({ subject: `usr_${randomUUID()}`, roles: ['customer'] });
    expect((await fetch(`${gw.url}/api/catalog/products`, { headers: other })).status).toBe(200);
    expect((await fetch(`${gw.url}/api/catalog/products`)).status).toBe(200);
  });

  it('keeps sign-in tight while browsing goes on', async () => {
    const signIn = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };
    const attempts = await burst([`${gw.url}/api/identity/sessions`], 5, signIn, 1);
    expect(attempts.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
    expect(attempts[3]!.headers.get('ratelimit-policy')).toBe('"auth";q=3;w=60');
    const reader = await gw.headersFor({ subject: `usr_${randomUUID()}`, roles: ['customer'] });
    expect((await fetch(`${gw.url}/api/catalog/products`, { headers: reader })).status).toBe(200);
  });
});

describe('with Redis down', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await gatewayWith({ COMPTOIR_REDIS_URL: 'redis://127.0.0.1:1', GATEWAY_RATE_BROWSE: '5/60s' });
  });

  it('browsing fails open, still limited by this replica', async () => {
    const responses = await burst([`${gw.url}/api/catalog/products`], 8, {}, 1);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(responses[0]!.headers.get('ratelimit')).toMatch(/^"browse";r=4;/);
  });

  it('sign-in fails closed with 503 and Retry-After', async () => {
    const response = await fetch(`${gw.url}/api/identity/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({
      code: 'GATEWAY_RATE_LIMITER_UNAVAILABLE',
      rateClass: 'auth',
    });
  });
});
