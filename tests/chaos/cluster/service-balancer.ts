/**
 * What a Kubernetes Service is to the platform's services when they call each other: one address
 * in front of a service's replicas. Like the Service's endpoints, only replicas whose
 * `/health/ready` answers 200 (polled every 500 ms) get new connections — a replica starting,
 * draining or cut off from its database is left out — and a replica that refuses the connection
 * anyway (killed since the last poll) is skipped for the next one. It is also the fault injector: `delay(ms)`
 * holds every answer that long before passing it on (payments slowed by 2 s).
 */
import { createServer, type Socket, connect as tcpConnect } from 'node:net';

export interface ServiceBalancer {
  readonly port: number;
  readonly url: string;
  /** Holds every chunk from the replicas for `ms` before the caller gets it; 0 passes at once. */
  delay(ms: number): void;
  close(): Promise<void>;
}

export async function startServiceBalancer(ports: () => readonly number[]): Promise<ServiceBalancer> {
  const live = new Set<Socket>();
  let next = 0;
  let delayMs = 0;
  let ready = new Set(ports());
  let polling = true;
  const poll = async () => {
    while (polling) {
      const states = await Promise.all(
        ports().map(async (port) => {
          try {
            const answer = await fetch(`http://127.0.0.1:${port}/health/ready`, {
              signal: AbortSignal.timeout(1_000),
            });
            await answer.arrayBuffer();
            return answer.ok;
          } catch {
            return false;
          }
        }),
      );
      ready = new Set(ports().filter((_, i) => states[i]));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  void poll();
  /** The ready replicas; all of them when none is (a Service with no endpoint would refuse all). */
  const candidates = () => {
    const up = ports().filter((port) => ready.has(port));
    return up.length > 0 ? up : ports();
  };

  /** Connects to the first replica (in turn) that accepts, or to none. */
  const connectAny = (candidates: readonly number[], tried = 0): Promise<Socket | undefined> => {
    if (tried >= candidates.length) return Promise.resolve(undefined);
    const port = candidates[(next + tried) % candidates.length]!;
    return new Promise((resolve) => {
      const upstream = tcpConnect({ host: '127.0.0.1', port, noDelay: true });
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        next = (next + tried + 1) % candidates.length;
        resolve(upstream);
      });
      upstream.once('error', () => resolve(connectAny(candidates, tried + 1)));
    });
  };

  const server = createServer({ pauseOnConnect: true }, async (client) => {
    live.add(client);
    client.setNoDelay(true);
    const upstream = await connectAny(candidates());
    if (!upstream || client.destroyed) {
      live.delete(client);
      client.destroy();
      upstream?.destroy();
      return;
    }
    live.add(upstream);
    // Answers pass through a queue so a delay keeps their order even when it changes midway.
    let lastDue = 0;
    const teardown = () => {
      live.delete(client);
      live.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    // A replica that closes after answering: the caller still gets the delayed answer first.
    const upstreamGone = () => setTimeout(teardown, Math.max(0, lastDue - Date.now()));
    client.on('error', teardown).on('close', teardown);
    upstream.on('error', upstreamGone).on('close', upstreamGone);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (delayMs === 0 && lastDue <= Date.now()) {
        client.write(chunk);
        return;
      }
      const due = Math.max(Date.now() + delayMs, lastDue);
      lastDue = due;
      setTimeout(() => {
        if (!client.destroyed) client.write(chunk);
      }, due - Date.now());
    });
    client.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    delay(ms) {
      delayMs = ms;
    },
    async close() {
      polling = false;
      for (const socket of live) socket.destroy();
      live.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
