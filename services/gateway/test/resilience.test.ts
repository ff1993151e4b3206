import { afterEach, describe, expect, it } from 'vitest';
import { type Echo, eventually, type FakeUpstream, startFakeUpstream } from './fake-upstream.ts';
import { metricValue, type RunningGateway, startGateway } from './gateway.ts';

const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function replicas(...names: string[]): Promise<FakeUpstream[]> {
  const fakes = await Promise.all(names.map((name) => startFakeUpstream(name)));
  started.push(...fakes);
  return fakes;
}

async function gatewayOver(fakes: FakeUpstream[], env: Record<string, string> = {}): Promise<RunningGateway> {
  const gw = await startGateway({ CATALOG_URLS: fakes.map((f) => f.url).join(','), ...env });
  started.unshift(gw);
  return gw;
}

/** Which replica answered each of `count` requests, one after the other. */
async function answeredBy(gw: RunningGateway, count: number, init: RequestInit = {}): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${gw.url}/api/catalog/products`, init);
    seen.push(response.status === 200 ? ((await response.json()) as Echo).replica : String(response.status));
  }
  return seen;
}

describe('least outstanding requests', () => {
  it('sends new requests to the idle replica while the other one is busy', async () => {
    const fakes = await replicas('a', 'b');
    const gw = await gatewayOver(fakes);
    const slow = fetch(`${gw.url}/api/catalog/slow?ms=1500`).then(
      async (r) => ((await r.json()) as Echo).replica,
    );
    await eventually(() => fakes.some((f) => f.served === 1));
    const busy = fakes.find((f) => f.served === 1)!.name;
    const idle = busy === 'a' ? 'b' : 'a';
    expect(await answeredBy(gw, 4)).toEqual([idle, idle, idle, idle]);
    expect(await slow).toBe(busy);
    // Both idle again: they share the load once more.
    expect(new Set(await answeredBy(gw, 4))).toEqual(new Set(['a', 'b']));
  });
});

describe('passive ejection', () => {
  it('ejects a replica answering errors, and sends it no traffic', async () => {
    const [a, b] = await replicas('a', 'b');
    const gw = await gatewayOver([a!, b!], { GATEWAY_EJECT_AFTER_FAILURES: '3', GATEWAY_EJECT_MS: '60000' });
    b!.failWith = 500;
    await answeredBy(gw, 6);
    expect(b!.served).toBe(3);
    expect(await metricValue(gw.url, 'gateway_upstream_ejected', { replica: b!.url })).toBe(1);
    expect(await answeredBy(gw, 10)).toEqual(Array(10).fill('a'));
    expect(b!.served).toBe(3);
  });

  it('keeps a replica answering 503 — a dependency of its own is down, not the replica — in rotation', async () => {
    const [a, b] = await replicas('a', 'b');
    const gw = await gatewayOver([a!, b!], { GATEWAY_EJECT_AFTER_FAILURES: '3', GATEWAY_EJECT_MS: '60000' });
    const seller = await gw.headersFor({ roles: ['seller'] });
    b!.failWith = 503;
    // POSTs without a key: not retried elsewhere, so each 503 reaches the client as it was.
    const answers = await answeredBy(gw, 10, { method: 'POST', headers: seller });
    expect(answers.filter((answer) => answer === '503')).toHaveLength(5);
    expect(b!.served).toBe(5);
    // Three 503s in a row would have ejected it for a minute: it still gets its share.
    b!.failWith = undefined;
    expect(new Set(await answeredBy(gw, 4, { method: 'POST', headers: seller }))).toEqual(
      new Set(['a', 'b']),
    );
  });

  it('lets one trial request through after the back-off, and takes the replica back when it succeeds', async () => {
    const [a, b] = await replicas('a', 'b');
    const gw = await gatewayOver([a!, b!], { GATEWAY_EJECT_AFTER_FAILURES: '1', GATEWAY_EJECT_MS: '300' });
    b!.failWith = 500;
    await answeredBy(gw, 2);
    expect(await answeredBy(gw, 3)).toEqual(['a', 'a', 'a']);
    b!.failWith = undefined;
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(new Set(await answeredBy(gw, 4))).toEqual(new Set(['a', 'b']));
    expect(await metricValue(gw.url, 'gateway_upstream_ejected', { replica: b!.url })).toBe(0);
  });
});

describe('retry on another replica', () => {
  it('retries a GET that hit a dead replica, and it succeeds', async () => {
    const [a, dead] = await replicas('a', 'dead');
    // A long interval: the replica passes its first check, then stops listening before the next one.
    const gw = await gatewayOver([a!, dead!], { GATEWAY_HEALTH_INTERVAL_MS: '60000' });
    await eventually(() => dead!.healthChecks > 0);
    await dead!.close();
    expect(await answeredBy(gw, 6)).toEqual(Array(6).fill('a'));
    const retried = await metricValue(gw.url, 'gateway_upstream_retries_total', {
      reason: 'connection_failed',
    });
    expect(retried).toBeGreaterThanOrEqual(1);
  });

  it('retries a GET answered 502/503 before anything reached the client', async () => {
    const [a, b] = await replicas('a', 'b');
    const gw = await gatewayOver([a!, b!], { GATEWAY_EJECT_AFTER_FAILURES: '100' });
    b!.failWith = 503;
    expect(await answeredBy(gw, 4)).toEqual(Array(4).fill('a'));
    expect(b!.served).toBeGreaterThan(0);
    expect(await metricValue(gw.url, 'gateway_upstream_retries_total', { reason: 'bad_gateway' })).toBe(
      b!.served,
    );
  });

  it('does not retry a POST without Idempotency-Key, and retries one with it', async () => {
    const [a, b] = await replicas('a', 'b');
    const gw = await gatewayOver([a!, b!], { GATEWAY_EJECT_AFTER_FAILURES: '100' });
    const seller = await gw.headersFor({ roles: ['seller'] });
    b!.failWith = 503;
    const plain = await answeredBy(gw, 2, { method: 'POST', headers: seller });
    expect(plain.sort()).toEqual(['503', 'a']);
    const keyed = await answeredBy(gw, 2, {
      method: 'POST',
      headers: { ...seller, 'idempotency-key': 'order-7f3a' },
    });
    expect(keyed).toEqual(['a', 'a']);
  });
});

describe('per-route-class timeouts', () => {
  it("give a class's routes their own upstream timeout over the service's", async () => {
    const [a] = await replicas('a');
    const gw = await gatewayOver([a!], { CATALOG_TIMEOUT_MS: '10000', GATEWAY_TIMEOUT_BROWSE_MS: '300' });
    const started = Date.now();
    const response = await fetch(`${gw.url}/api/catalog/slow?ms=3000`);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ detail: 'catalog did not answer within 300 ms.' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
