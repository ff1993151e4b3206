import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the echo endpoint tells a test about the request that reached the upstream. */
export interface Echo {
  replica: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyLength: number;
  bodySha256: string;
}

/**
 * A stand-in service on 127.0.0.1: `/health/ready` (switchable), `/openapi.json`, `/raw`
 * (streams the request body back), `/slow`, `/reset`, `/hop-headers`, and an echo for anything else.
 */
export interface FakeUpstream {
  name: string;
  url: string;
  healthy: boolean;
  /** Health checks answered (fully written), not just received. */
  healthChecks: number;
  openapi: object | undefined;
  /** Requests served other than health checks and the OpenAPI document. */
  served: number;
  /** When set, every served request is answered with this status (an application failing). */
  failWith: number | undefined;
  close(): Promise<void>;
}

export async function startFakeUpstream(name: string, openapi?: object): Promise<FakeUpstream> {
  const sockets = new Set<import('node:net').Socket>();
  const fake: FakeUpstream = {
    name,
    url: '',
    healthy: true,
    healthChecks: 0,
    openapi,
    served: 0,
    failWith: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
  const server: Server = createServer((request, response) => {
    const path = request.url?.split('?')[0];
    if (path === '/health/ready') {
      response.on('finish', () => fake.healthChecks++);
      response.writeHead(fake.healthy ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: fake.healthy ? 'up' : 'down' }));
      return;
    }
    if (path === '/openapi.json') {
      response.writeHead(fake.openapi ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(fake.openapi ?? {}));
      return;
    }
    fake.served++;
    if (fake.failWith !== undefined) {
      response.writeHead(fake.failWith, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ replica: name, status: fake.failWith }));
      return;
    }
    if (path === '/raw') {
      response.writeHead(200, {
        'content-type': request.headers['content-type'] ?? 'application/octet-stream',
      });
      request.pipe(response);
      return;
    }
    if (path === '/reset') {
      request.socket.destroy();
      return;
    }
    if (path === '/slow') {
      const wait = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('ms') ?? 3_000);
      setTimeout(() => response.end(JSON.stringify({ replica: name })), wait).unref();
      return;
    }
    if (path === '/hop-headers') {
      response.writeHead(200, {
        connection: 'keep-alive, x-hop',
        'x-hop': 'connection-scoped',
        'proxy-authenticate': 'Basic',
        'x-kept': 'yes',
        'set-cookie': ['a=1', 'b=2'],
      });
      response.end('ok');
      return;
    }
    const hash = createHash('sha256');
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      length += chunk.length;
    });
    request.on('end', () => {
      const echo: Echo = {
        replica: name,
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        bodyLength: length,
        bodySha256: hash.digest('hex'),
      };
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'upstream-own-id' });
      response.end(JSON.stringify(echo));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** Polls `check` until it holds, or fails the test after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
