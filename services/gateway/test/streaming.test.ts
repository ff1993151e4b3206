import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './fake-upstream.ts';
import { type RunningGateway, startGateway } from './gateway.ts';

/**
 * Far shorter than the gap between two events, so a route without the streaming exemption is cut
 * by it. (undici checks body timeouts on a ~0.5 s tick: a 200 ms timeout fires within a second.)
 */
const BODY_TIMEOUT_MS = 200;
const GAP_MS = 1_500;
const EVENTS = 3;
const IDLE_MS = 2_500;

/** What the fake notifications saw of each stream it served. */
interface StreamLog {
  path: string;
  written: number;
  /** The request went away (client gone, or the gateway cut it) before the stream ended. */
  abandoned: boolean;
  ended: boolean;
}

/**
 * A stand-in notifications service: `/orders/:id/events` and `/unmarked/events` both stream
 * `EVENTS` Server-Sent Events `GAP_MS` apart (each gap longer than the body timeout);
 * `/orders/:id/events?silent=ms` falls silent after the first event.
 */
async function startStreamingUpstream() {
  const streams: StreamLog[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/health/ready') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"up"}');
      return;
    }
    const log: StreamLog = { path: url.pathname, written: 0, abandoned: false, ended: false };
    streams.push(log);
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    const silentMs = Number(url.searchParams.get('silent') ?? 0);
    let timer: NodeJS.Timeout | undefined;
    const send = (out: ServerResponse) => {
      log.written += 1;
      out.write(`id: ${log.written}\nevent: status\ndata: {"n":${log.written}}\n\n`);
      if (log.written === EVENTS) {
        log.ended = true;
        out.end();
        return;
      }
      timer = setTimeout(() => send(out), log.written === 1 && silentMs > 0 ? silentMs : GAP_MS);
    };
    response.on('close', () => {
      clearTimeout(timer);
      if (!log.ended) log.abandoned = true;
    });
    send(response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    streams,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads an SSE body through the gateway, noting when each event arrived. */
async function readEvents(response: Response, onEvent?: (id: number) => void) {
  const arrivals: { id: number; at: number }[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const id = /^id: (\d+)$/m.exec(buffer.slice(0, end))?.[1];
      if (id) {
        arrivals.push({ id: Number(id), at: Date.now() });
        onEvent?.(Number(id));
      }
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
  }
  return arrivals;
}

let upstream: Awaited<ReturnType<typeof startStreamingUpstream>>;
let gw: RunningGateway;
let headers: { authorization: string };

beforeAll(async () => {
  upstream = await startStreamingUpstream();
  gw = await startGateway({
    NOTIFICATIONS_URLS: upstream.url,
    NOTIFICATIONS_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
    GATEWAY_STREAM_IDLE_TIMEOUT_MS: String(IDLE_MS),
  });
  headers = await gw.headersFor({ subject: 'usr_alice', roles: ['customer'] });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});

const streamUrl = (path: string) => `${gw.url}/api/notifications${path}`;

describe('Server-Sent Events through the gateway', () => {
  it('passes each event on as it is written, for longer than the body timeout, to the end', async () => {
    const started = Date.now();
    const response = await fetch(streamUrl('/orders/ord_1/events'), { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-accel-buffering')).toBe('no');

    const writtenWhenArrived: number[] = [];
    const stream = upstream.streams.at(-1);
    const arrivals = await readEvents(response, () => writtenWhenArrived.push(stream?.written ?? -1));
    expect(arrivals.map((a) => a.id)).toEqual([1, 2, 3]);
    expect(Date.now() - started).toBeGreaterThan((EVENTS - 1) * GAP_MS);
    // Not buffered: each event reached the client before the upstream wrote the next one.
    expect(writtenWhenArrived).toEqual([1, 2, 3]);
    expect(stream).toMatchObject({ ended: true, abandoned: false });
  });

  it('still cuts a slow body on a route the policy does not mark as a stream', async () => {
    const response = await fetch(streamUrl('/unmarked/events'), { headers });
    expect(response.status).toBe(200);
    await expect(readEvents(response)).rejects.toThrow();
    const stream = upstream.streams.at(-1);
    await eventually(() => stream?.abandoned === true);
    expect(stream?.written).toBeLessThan(EVENTS);
  });

  it('closes the upstream request when the client goes away', async () => {
    const client = new AbortController();
    const response = await fetch(streamUrl('/orders/ord_2/events'), { headers, signal: client.signal });
    const stream = upstream.streams.at(-1);
    await readEvents(response, (id) => {
      if (id === 1) client.abort();
    }).catch(() => {});
    await eventually(() => stream?.abandoned === true, 2_000);
    const written = stream?.written ?? 0;
    expect(written).toBeLessThan(EVENTS);
    await new Promise((resolve) => setTimeout(resolve, GAP_MS + 200));
    expect(stream?.written).toBe(written);
  });

  it('ends a stream that falls silent for longer than the idle bound', async () => {
    const response = await fetch(streamUrl('/orders/ord_3/events?silent=6000'), { headers });
    const started = Date.now();
    await expect(readEvents(response)).rejects.toThrow();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(IDLE_MS - 100);
    expect(waited).toBeLessThan(5_500);
    await eventually(() => upstream.streams.at(-1)?.abandoned === true);
  });

  it('needs a signed-in caller, as the policy says', async () => {
    const response = await fetch(streamUrl('/orders/ord_4/events'));
    expect(response.status).toBe(401);
  });
});

describe("every service's admin endpoints", () => {
  it('are for admins only at the gateway', async () => {
    const customer = await fetch(streamUrl('/admin/dead-letters'), { headers });
    expect(customer.status).toBe(403);
    const anonymous = await fetch(`${gw.url}/api/catalog/admin/dead-letters/catalog.x/replay`, {
      method: 'POST',
    });
    expect(anonymous.status).toBe(401);
  });
});
