import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.ts';
import { type RunningGateway, startGateway } from './gateway.ts';

let upstream: FakeUpstream;
let gw: RunningGateway;
const SHOP = 'https://shop.comptoir.example';

const preflight = (origin: string, method = 'POST') =>
  fetch(`${gw.url}/api/catalog/products`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization',
    },
  });

beforeAll(async () => {
  upstream = await startFakeUpstream('catalog');
  gw = await startGateway({
    CATALOG_URLS: upstream.url,
    GATEWAY_CORS_ORIGINS: `${SHOP}, http://localhost:5173`,
    GATEWAY_HSTS_MAX_AGE_SECONDS: '31536000',
    GATEWAY_TRUST_FORWARDED: 'true',
  });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin at the gateway, without a token', async () => {
    const response = await preflight(SHOP);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('vary')).toContain('Origin');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(upstream.served).toBe(0);
  });

  it('refuses a preflight from an origin not on the list', async () => {
    const response = await preflight('https://evil.example');
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({ code: 'GATEWAY_CORS_ORIGIN_DENIED' });
  });

  it('lets an allowed origin read the answer and its rate-limit headers', async () => {
    const response = await fetch(`${gw.url}/api/catalog/products`, { headers: { origin: SHOP } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-expose-headers')).toContain('ratelimit');
    const other = await fetch(`${gw.url}/api/catalog/products`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('security headers', () => {
  const expectHardened = (response: Response) => {
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  };

  it('are on proxied answers, refusals, unknown paths and the gateway own routes', async () => {
    for (const path of [
      '/api/catalog/products',
      '/api/identity/users',
      '/api/nosuch',
      '/health/live',
      '/api/openapi.json',
    ]) {
      const response = await fetch(`${gw.url}${path}`);
      await response.arrayBuffer();
      expectHardened(response);
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'none'");
    }
  });

  it('give the docs page a policy Swagger UI works under: own scripts only, nothing framed', async () => {
    const response = await fetch(`${gw.url}/api/docs`);
    await response.arrayBuffer();
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expectHardened(response);
  });

  it('add HSTS only to requests that came over TLS', async () => {
    const plain = await fetch(`${gw.url}/api/catalog/products`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const tls = await fetch(`${gw.url}/api/catalog/products`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});
