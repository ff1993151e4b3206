import { buildService } from '@comptoir/platform';
import { gateway } from '../src/app.ts';
import { SERVICES } from '../src/config.ts';

/** Services a test does not name get an address where nothing listens, never a developer's running service. */
const NOWHERE = Object.fromEntries(
  SERVICES.map(({ name }) => [`${name.toUpperCase()}_URLS`, 'http://127.0.0.1:1']),
);

export interface RunningGateway {
  url: string;
  close(): Promise<void>;
}

/** The gateway as built for production, listening on a free port, with fast health checks. */
export async function startGateway(env: Record<string, string>): Promise<RunningGateway> {
  const built = await buildService(gateway, {
    env: {
      ...process.env,
      ...NOWHERE,
      LOG_LEVEL: 'silent',
      GATEWAY_HEALTH_INTERVAL_MS: '50',
      // Generous: a check that times out on a busy CI machine would eject a healthy replica.
      GATEWAY_HEALTH_TIMEOUT_MS: '2000',
      ...env,
    },
  });
  const address = await built.app.listen({ host: '127.0.0.1', port: 0 });
  return { url: address, close: () => built.close() };
}

/** The value of the metric series `name` whose labels include `labels`, read from `/metrics`. */
export async function metricValue(
  gatewayUrl: string,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith(`${name}{`) &&
        wanted.every((pair) => l.slice(name.length, l.indexOf('}')).includes(pair)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}
