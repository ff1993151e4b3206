import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../src/errors/errors.ts';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../src/http/client.ts';
import { runWithContext } from '../src/logging/context.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (request: Received, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let received: Received[] = [];
let handler: Handler;
const clients: HttpClient[] = [];

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Answers each request with the next status of `statuses`, the last one for ever after. */
function answers(...statuses: number[]): Handler {
  return (_request, response) => {
    const status = statuses.length > 1 ? statuses.shift() : statuses[0];
    json(response, status ?? 200, { ok: true });
  };
}

function client(options: Partial<HttpClientOptions> = {}): HttpClient {
  const made = createHttpClient({ baseUrl, name: 'upstream', timeoutMs: 1_000, retryDelayMs: 1, ...options });
  clients.push(made);
  return made;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
      received.push(entry);
      handler(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  handler = answers(200);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(clients.splice(0).map((made) => made.close()));
});

describe('the outbound HTTP client', () => {
  it("forwards the current request's ids to the upstream", async () => {
    const context = { requestId: 'req-1', correlationId: 'corr-1' };
    await runWithContext(context, () => client().get('/products'));
    expect(received[0]?.headers['x-request-id']).toBe('req-1');
    expect(received[0]?.headers['x-correlation-id']).toBe('corr-1');
  });

  it('sends JSON under the base path with the query, and parses the JSON answer', async () => {
    handler = (request, response) => json(response, 201, { echoed: JSON.parse(request.body) });
    const api = client({ baseUrl: `${baseUrl}/v1/` });
    const response = await api.post(
      '/orders',
      { sku: 'BREAD' },
      { query: { dryRun: true, skip: undefined } },
    );
    expect(received[0]).toMatchObject({ method: 'POST', url: '/v1/orders?dryRun=true' });
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(response).toMatchObject({ status: 201, body: { echoed: { sku: 'BREAD' } } });
  });

  it('returns a 4xx as an answer, without retrying it', async () => {
    handler = (_request, response) => json(response, 404, { code: 'CATALOG_PRODUCT_NOT_FOUND' });
    const response = await client().get('/products/404');
    expect(response).toMatchObject({ status: 404, body: { code: 'CATALOG_PRODUCT_NOT_FOUND' } });
    expect(received).toHaveLength(1);
  });

  it('retries a GET that met a 503 and returns the answer that follows', async () => {
    handler = answers(503, 503, 200);
    const response = await client({ retries: 2 }).get('/products');
    expect(response.status).toBe(200);
    expect(received).toHaveLength(3);
  });

  it('returns the last 503 once the retries are spent', async () => {
    handler = answers(503);
    expect((await client({ retries: 2 }).get('/products')).status).toBe(503);
    expect(received).toHaveLength(3);
  });

  it('does not retry a POST that met a 503: it might have been done', async () => {
    handler = answers(503, 201);
    expect((await client({ retries: 2 }).post('/orders', { sku: 'BREAD' })).status).toBe(503);
    expect(received).toHaveLength(1);
  });

  it('retries a POST that carries an Idempotency-Key, with the same key each time', async () => {
    handler = answers(503, 201);
    const headers = { 'Idempotency-Key': 'order-7f3a' };
    const response = await client({ retries: 2 }).post('/orders', { sku: 'BREAD' }, { headers });
    expect(response.status).toBe(201);
    expect(received.map((request) => request.headers['idempotency-key'])).toEqual([
      'order-7f3a',
      'order-7f3a',
    ]);
  });

  it('gives up on a slow upstream after the timeout with UPSTREAM_TIMEOUT', async () => {
    handler = (_request, response) => {
      setTimeout(() => json(response, 200, {}), 1_000).unref();
    };
    const started = Date.now();
    const call = client({ timeoutMs: 100, retries: 0 }).get('/slow');
    await expect(call).rejects.toMatchObject({ kind: 'unavailable', code: 'UPSTREAM_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('reports an upstream that refuses connections as UPSTREAM_UNAVAILABLE', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const call = client({ baseUrl: `http://127.0.0.1:${port}`, retries: 1 }).get('/anything');
    await expect(call).rejects.toMatchObject({ kind: 'unavailable', code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('sends a POST again when the connection was refused: it never reached the upstream', async () => {
    const late = createServer((_request, response) => json(response, 201, {}));
    await new Promise<void>((resolve) => late.listen(0, '127.0.0.1', resolve));
    const port = (late.address() as AddressInfo).port;
    await new Promise((resolve) => late.close(resolve));
    vi.spyOn(Math, 'random').mockReturnValue(1); // back-off of exactly retryDelayMs
    const call = client({ baseUrl: `http://127.0.0.1:${port}`, retries: 1, retryDelayMs: 500 }).post(
      '/orders',
    );
    await sleep(100); // the first attempt has been refused by now
    await new Promise<void>((resolve) => late.listen(port, '127.0.0.1', resolve));
    try {
      expect((await call).status).toBe(201);
    } finally {
      late.closeAllConnections();
      await new Promise((resolve) => late.close(resolve));
    }
  });

  it('opens its circuit after repeated failures, fails fast, then half-opens and recovers', async () => {
    handler = answers(500);
    const upstream = client({ retries: 0, breaker: { volumeThreshold: 3, resetTimeoutMs: 200 } });
    for (let call = 0; call < 3; call += 1) expect((await upstream.get('/flaky')).status).toBe(500);

    const started = Date.now();
    const rejected = await upstream.get('/flaky').catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(DomainError);
    expect(rejected).toMatchObject({ kind: 'unavailable', code: 'UPSTREAM_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(50);
    expect(received).toHaveLength(3); // the upstream was spared

    handler = answers(200);
    await sleep(250); // past resetTimeoutMs: one trial call goes through
    expect((await upstream.get('/flaky')).status).toBe(200);
    expect((await upstream.get('/flaky')).status).toBe(200);
    expect(received).toHaveLength(5);
  });

  /** A client whose circuit opened on three 500s and has just turned half-open. */
  async function halfOpenClient(): Promise<HttpClient> {
    handler = answers(500);
    const upstream = client({ retries: 0, breaker: { volumeThreshold: 3, resetTimeoutMs: 200 } });
    for (let call = 0; call < 3; call += 1) await upstream.get('/flaky');
    await sleep(250);
    return upstream;
  }

  it('callers arriving with the half-open trial wait for its verdict: served when it succeeds', async () => {
    const upstream = await halfOpenClient();
    // Back, but slow: the trial is still in flight when the others arrive.
    handler = (_request, response) => setTimeout(() => json(response, 200, { ok: true }), 100);
    const together = await Promise.all([1, 2, 3, 4].map(() => upstream.get('/flaky')));
    expect(together.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(received).toHaveLength(3 + 4);
  });

  it('callers arriving with the half-open trial wait for its verdict: refused at once, unsent, when it fails', async () => {
    const upstream = await halfOpenClient();
    handler = (_request, response) => setTimeout(() => json(response, 500, { ok: false }), 100);
    const together = await Promise.all(
      [1, 2, 3].map(() =>
        upstream.get('/flaky').then(
          (answer) => answer.status,
          (error: unknown) => error,
        ),
      ),
    );
    expect(together[0]).toBe(500); // the trial's own answer
    for (const refused of together.slice(1))
      expect(refused).toMatchObject({ kind: 'unavailable', code: 'UPSTREAM_UNAVAILABLE' });
    expect(received).toHaveLength(3 + 1); // only the trial reached the upstream
  });
});
