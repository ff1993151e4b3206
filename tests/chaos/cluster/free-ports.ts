import { createServer, type Server } from 'node:net';

/**
 * Below Linux's ephemeral range (32768–60999), where `listen(0)` never lands: tests running beside
 * the suite take their ports there, and one of them could otherwise take a port between the moment
 * the suite found it free and the moment a replica (tens of seconds later) listens on it.
 */
const LOW = 20_000;
const HIGH = 32_000;

const tryListen = (port: number) =>
  new Promise<Server | undefined>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

/**
 * `count` TCP ports free on 127.0.0.1 right now, all different, none a fixed port of the platform
 * (8080, 81xx) or in the ephemeral range: the suite runs beside other engineers' platforms and
 * tests, so it owns no fixed port.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
      if (ports.includes(port)) continue;
      const server = await tryListen(port);
      if (!server) continue;
      servers.push(server);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

export const freePort = async (): Promise<number> => (await freePorts(1))[0]!;

/** Resolves once something accepts connections on the port, or throws after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
}
