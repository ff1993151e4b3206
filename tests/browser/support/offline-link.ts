/**
 * The network between the register's browser and the platform, which a test can cut: the browser
 * opens the app and calls the API through this proxy only, so "down" means the screen reaches
 * nothing at all — not the API, not the app shell (the service worker must serve it) — and
 * "flaky" loses about 30 % of the API requests: refused on the way in (the server never hears
 * them), answered but the answer lost (the server acted), or held until the client gives up.
 * A seeded coin makes a failing run replayable.
 */
import { createServer, request as forwardRequest, type Server } from 'node:http';
import type { Socket } from 'node:net';

export type LinkMode = 'up' | 'down' | 'flaky';

export interface OfflineLink {
  /** Where the browser goes instead of the gateway. */
  origin: string;
  set(mode: LinkMode): void;
  /** API requests the flaky link lost or held so far. */
  readonly faults: number;
  close(): Promise<void>;
}

/** How long a held request stays unanswered: past the register's own 15 s timeout. */
const HOLD_MS = 20_000;

export async function startOfflineLink(gatewayOrigin: string, seed = 9): Promise<OfflineLink> {
  const target = new URL(gatewayOrigin);
  let mode: LinkMode = 'up';
  let faults = 0;
  let state = seed;
  const coin = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const sockets = new Set<Socket>();

  const server: Server = createServer((incoming, outgoing) => {
    if (mode === 'down') {
      incoming.socket.destroy();
      return;
    }
    const api = (incoming.url ?? '').startsWith('/api/');
    const roll = mode === 'flaky' && api ? coin() : 1;
    if (roll < 0.1) {
      faults += 1;
      incoming.socket.destroy();
      return;
    }
    const forward = forwardRequest(
      {
        host: target.hostname,
        port: target.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        if (roll < 0.2) {
          faults += 1;
          answer.resume();
          answer.on('end', () => incoming.socket.destroy());
          return;
        }
        if (roll < 0.3) {
          faults += 1;
          answer.resume();
          setTimeout(() => incoming.socket.destroy(), HOLD_MS).unref();
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => incoming.socket.destroy());
    incoming.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the link has no port');

  return {
    origin: `http://127.0.0.1:${address.port}`,
    set(next) {
      mode = next;
      // Kept-alive connections would otherwise carry requests past a cut.
      if (next === 'down') for (const socket of sockets) socket.destroy();
    },
    get faults() {
      return faults;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
