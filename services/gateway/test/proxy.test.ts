import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Echo, type FakeUpstream, startFakeUpstream } from './fake-upstream.ts';
import { type RunningGateway, startGateway } from './gateway.ts';

let a: FakeUpstream;
let b: FakeUpstream;
let gw: RunningGateway;
/** Catalog writes need a seller or an admin at the gateway; the hop itself is what these tests watch. */
let seller: { authorization: string };

beforeAll(async () => {
  [a, b] = await Promise.all([startFakeUpstream('a'), startFakeUpstream('b')]);
  gw = await startGateway({ CATALOG_URLS: `${a.url},${b.url}`, CATALOG_TIMEOUT_MS: '300' });
  seller = await gw.headersFor({ subject: 'usr_seller', roles: ['seller'] });
});
afterAll(async () => {
  await gw?.close();
  await Promise.all([a?.close(), b?.close()]);
});

const echo = async (path: string, init?: RequestInit): Promise<{ response: Response; echo: Echo }> => {
  const response = await fetch(`${gw.url}${path}`, init);
  return { response, echo: (await response.json()) as Echo };
};

describe('the proxy hop', () => {
  it('strips the /api/<service> prefix and keeps the query string', async () => {
    const { response, echo: seen } = await echo('/api/catalog/products/prod_1?q=chaise&limit=5');
    expect(response.status).toBe(200);
    expect(seen.method).toBe('GET');
    expect(seen.url).toBe('/products/prod_1?q=chaise&limit=5');
  });

  it('sends /api/<service> alone to the service root, query included', async () => {
    const { echo: seen } = await echo('/api/catalog?x=1');
    expect(seen.url).toBe('/?x=1');
    expect((await echo('/api/catalog/')).echo.url).toBe('/');
  });

  it('does not mistake a longer name for a known service', async () => {
    const response = await fetch(`${gw.url}/api/catalogue/products`);
    expect(response.status).toBe(404);
    await response.arrayBuffer();
  });

  it('streams a JSON body through untouched, byte for byte', async () => {
    const body = '{ "name":"Chaise",  "price": {"amount":1999,"currency":"CAD"} ,"dup":1,"dup":2}';
    const { echo: seen } = await echo('/api/catalog/products', {
      method: 'POST',
      headers: { ...seller, 'content-type': 'application/json' },
      body,
    });
    expect(seen.method).toBe('POST');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.bodyLength).toBe(Buffer.byteLength(body));
  });

  it('streams a 500 kB binary body up and back down unchanged', async () => {
    const body = randomBytes(500 * 1024);
    const response = await fetch(`${gw.url}/api/catalog/raw`, {
      method: 'PUT',
      headers: { ...seller, 'content-type': 'application/octet-stream' },
      body,
    });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
  });

  it('passes a non-JSON body (form, plain text) through without parsing it', async () => {
    const form = 'a=1&b=%C3%A9t%C3%A9';
    const back = await fetch(`${gw.url}/api/catalog/raw`, {
      method: 'POST',
      headers: { ...seller, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(await back.text()).toBe(form);
    const { echo: seen } = await echo('/api/catalog/notes', {
      method: 'PATCH',
      headers: seller,
      body: 'not json {',
    });
    expect(seen.bodyLength).toBe(10);
    expect(seen.method).toBe('PATCH');
  });

  it('streams a chunked body of unknown length through', async () => {
    const parts = [Buffer.from('first,'), randomBytes(64 * 1024), Buffer.from(',last')];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    });
    const response = await fetch(`${gw.url}/api/catalog/raw`, {
      method: 'POST',
      headers: { ...seller, 'content-type': 'application/octet-stream' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.concat(parts))).toBe(true);
  });

  it('forwards a body that has no content type', async () => {
    const seen = await new Promise<Echo>((resolve, reject) => {
      const req = httpRequest(`${gw.url}/api/catalog/untyped`, {
        method: 'POST',
        headers: { ...seller, 'content-length': '5' },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve(JSON.parse(text) as Echo));
      });
      req.on('error', reject);
      req.end('hello');
    });
    expect(seen.headers['content-type']).toBeUndefined();
    expect(seen.bodyLength).toBe(5);
  });

  it('forwards the request and correlation ids and returns the request id', async () => {
    const { response, echo: seen } = await echo('/api/catalog/products', {
      headers: { 'x-request-id': 'req-123', 'x-correlation-id': 'corr-456' },
    });
    expect(seen.headers['x-request-id']).toBe('req-123');
    expect(seen.headers['x-correlation-id']).toBe('corr-456');
    expect(response.headers.get('x-request-id')).toBe('req-123');
    expect(response.headers.get('x-correlation-id')).toBe('corr-456');
  });

  it('gives a request without an id one, the same upstream and in the answer', async () => {
    const { response, echo: seen } = await echo('/api/catalog/products');
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[\w.:-]+$/);
    expect(seen.headers['x-request-id']).toBe(id);
  });

  it('drops hop-by-hop request headers and adds x-forwarded-*', async () => {
    const seen = await new Promise<Echo>((resolve, reject) => {
      const req = httpRequest(`${gw.url}/api/catalog/headers`, {
        headers: {
          connection: 'keep-alive, x-hop',
          'x-hop': 'connection-scoped',
          'keep-alive': 'timeout=5',
          te: 'trailers',
          'proxy-authorization': 'Basic c2VjcmV0',
          'x-forwarded-for': '203.0.113.7',
          'x-kept': 'yes',
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve(JSON.parse(text) as Echo));
      });
      req.on('error', reject);
      req.end();
    });
    for (const name of ['x-hop', 'keep-alive', 'te', 'proxy-authorization'])
      expect(seen.headers[name]).toBeUndefined();
    expect(seen.headers.connection).not.toContain('x-hop');
    expect(seen.headers['x-kept']).toBe('yes');
    expect(seen.headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-host']).toBe(new URL(gw.url).host);
    expect([new URL(a.url).host, new URL(b.url).host]).toContain(seen.headers.host);
  });

  it('drops hop-by-hop response headers and keeps the rest, cookies included', async () => {
    const response = await fetch(`${gw.url}/api/catalog/hop-headers`);
    expect(await response.text()).toBe('ok');
    expect(response.headers.get('x-hop')).toBeNull();
    expect(response.headers.get('proxy-authenticate')).toBeNull();
    expect(response.headers.get('x-kept')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('answers HEAD with the upstream headers and no body', async () => {
    const response = await fetch(`${gw.url}/api/catalog/products`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('answers 404 problem for a service it does not know', async () => {
    const response = await fetch(`${gw.url}/api/nosuch/products`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404 });
  });

  it('answers 504 problem when the upstream is slower than its timeout', async () => {
    const started = Date.now();
    const response = await fetch(`${gw.url}/api/catalog/slow`);
    expect(response.status).toBe(504);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 504, code: 'GATEWAY_UPSTREAM_TIMEOUT' });
    // undici's headers timer ticks about every half second: the answer comes well before the upstream's (3 s).
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('answers 502 problem when the upstream resets the connection', async () => {
    const response = await fetch(`${gw.url}/api/catalog/reset`);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ status: 502, code: 'GATEWAY_UPSTREAM_UNREACHABLE' });
  });

  it('refuses a body over the limit before forwarding it', async () => {
    const response = await fetch(`${gw.url}/api/catalog/raw`, {
      method: 'POST',
      headers: seller,
      body: randomBytes(1_100_000),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
