/**
 * What a Kubernetes Service or Compose's DNS round robin is to the platform's services when they
 * call each other: one address in front of a service's replicas. Each new connection goes to the
 * next replica that accepts it (a refused one is skipped, so a killed replica is routed around
 * like an endpoint removed by its failing readiness). It is also the fault injector: `delay(ms)`
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
    const upstream = await connectAny(ports());
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
      for (const socket of live) socket.destroy();
      live.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
