import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/** A TCP relay to a real server that a test can cut, to play a network failure. */
export interface TcpProxy {
  /** The port clients connect to on 127.0.0.1. */
  readonly port: number;
  /** Live client connections. */
  readonly connections: number;
  /**
   * Destroys every live connection at once (both directions) and, for `refuseMs`, drops new
   * connections as soon as they arrive — the broker looks gone, then comes back.
   */
  cut(refuseMs?: number): void;
  close(): Promise<void>;
}

/**
 * Starts a relay on 127.0.0.1, on a free port, to `host:port`.
 * @example
 * const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5672 });
 * const bus = await createRabbitBus({ url: `amqp://guest:guest@127.0.0.1:${proxy.port}`, log });
 * proxy.cut(1_000);
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const live = new Set<Socket>();
  let refuseUntil = 0;
  const server = createServer((client) => {
    if (Date.now() < refuseUntil) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect({ host: target.host, port: target.port, noDelay: true });
    client.setNoDelay(true);
    live.add(client);
    live.add(upstream);
    const teardown = () => {
      live.delete(client);
      live.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', teardown).on('close', teardown);
    upstream.on('error', teardown).on('close', teardown);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('TCP proxy has no port');
  return {
    port: address.port,
    get connections() {
      return live.size / 2;
    },
    cut(refuseMs = 0) {
      refuseUntil = Date.now() + refuseMs;
      for (const socket of live) socket.destroy();
      live.clear();
    },
    async close() {
      for (const socket of live) socket.destroy();
      live.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
