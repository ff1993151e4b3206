import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Echo, eventually, type FakeUpstream, startFakeUpstream } from './fake-upstream.ts';
import { metricValue, type RunningGateway, startGateway } from './gateway.ts';

let a: FakeUpstream;
let b: FakeUpstream;
let gw: RunningGateway;

const isHealthy = async (replica: FakeUpstream, expected: boolean) =>
  (await metricValue(gw.url, 'gateway_upstream_healthy', { upstream: 'catalog', replica: replica.url })) ===
  (expected ? 1 : 0);
const served = async () =>
  (await metricValue(gw.url, 'gateway_upstream_requests_total', {
    upstream: 'catalog',
    outcome: '2xx',
  })) ?? 0;

async function repliesFrom(count: number): Promise<string[]> {
  const replicas: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${gw.url}/api/catalog/products`);
    replicas.push(((await response.json()) as Echo).replica);
  }
  return replicas;
}

beforeAll(async () => {
  [a, b] = await Promise.all([startFakeUpstream('a'), startFakeUpstream('b')]);
  gw = await startGateway({ CATALOG_URLS: `${a.url},${b.url}` });
});
afterEach(async () => {
  a.healthy = true;
  b.healthy = true;
  await eventually(async () => (await isHealthy(a, true)) && (await isHealthy(b, true)));
});
afterAll(async () => {
  await gw?.close();
  await Promise.all([a?.close(), b?.close()]);
});

describe('load balancing across replicas', () => {
  it('alternates between the replicas in turn', async () => {
    const replicas = await repliesFrom(6);
    for (let i = 1; i < replicas.length; i++) expect(replicas[i]).not.toBe(replicas[i - 1]);
    expect(new Set(replicas)).toEqual(new Set(['a', 'b']));
  });

  it('sends no traffic to a replica that fails its health check, and brings it back when healthy', async () => {
    b.healthy = false;
    await eventually(() => isHealthy(b, false));
    expect(await repliesFrom(6)).toEqual(['a', 'a', 'a', 'a', 'a', 'a']);

    b.healthy = true;
    await eventually(() => isHealthy(b, true));
    expect(new Set(await repliesFrom(4))).toEqual(new Set(['a', 'b']));
  });

  it('answers 503 problem with Retry-After when no replica is healthy', async () => {
    a.healthy = false;
    b.healthy = false;
    await eventually(async () => (await isHealthy(a, false)) && (await isHealthy(b, false)));
    const response = await fetch(`${gw.url}/api/catalog/products`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ status: 503, code: 'GATEWAY_NO_HEALTHY_UPSTREAM' });
  });

  it('counts requests by upstream and outcome', async () => {
    const before = await served();
    await repliesFrom(3);
    expect(await served()).toBe(before + 3);
  });
});

describe('an upstream that refuses connections', () => {
  it('answers 502 problem', async () => {
    const gone = await startFakeUpstream('gone');
    // A long interval: the replica passes its first check, then stops listening before the next one.
    const lone = await startGateway({ CATALOG_URLS: gone.url, GATEWAY_HEALTH_INTERVAL_MS: '60000' });
    try {
      await eventually(() => gone.healthChecks > 0);
      await gone.close();
      const response = await fetch(`${lone.url}/api/catalog/products`);
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 502, code: 'GATEWAY_UPSTREAM_UNREACHABLE' });
    } finally {
      await lone.close();
    }
  });
});
