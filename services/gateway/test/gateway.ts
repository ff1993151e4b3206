import { randomUUID } from 'node:crypto';
import { buildService } from '@comptoir/platform';
import { type TestAuth, type TestPrincipal, testAuth } from '@comptoir/platform/testing';
import { gateway } from '../src/app.ts';
import { SERVICES } from '../src/config.ts';

/** Services a test does not name get an address where nothing listens, never a developer's running service. */
const NOWHERE = Object.fromEntries(
  SERVICES.map(({ name }) => [`${name.toUpperCase()}_URLS`, 'http://127.0.0.1:1']),
);

export interface RunningGateway {
  url: string;
  /** Signs the tokens this gateway accepts (unless it reads a JWKS over HTTP). */
  auth: TestAuth;
  /** `Authorization: Bearer` for a caller with these roles. */
  headersFor(principal: TestPrincipal): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

/**
 * The gateway as built for production, listening on a free port, with fast health checks and
 * rate-limit buckets of its own (a fresh namespace: test files never share a caller's bucket).
 * Tokens are checked with `testAuth`'s key, or against `COMPTOIR_JWKS_URL` when the test sets it.
 */
export async function startGateway(
  env: Record<string, string>,
  options: { auth?: TestAuth } = {},
): Promise<RunningGateway> {
  const auth = options.auth ?? (await testAuth());
  const built = await buildService(gateway, {
    env: {
      ...process.env,
      ...NOWHERE,
      LOG_LEVEL: 'silent',
      GATEWAY_HEALTH_INTERVAL_MS: '50',
      // Generous: a check that times out on a busy CI machine would eject a healthy replica.
      GATEWAY_HEALTH_TIMEOUT_MS: '2000',
      GATEWAY_RATE_NAMESPACE: `test-gateway-${randomUUID()}`,
      ...env,
    },
    ...(env.COMPTOIR_JWKS_URL ? {} : { tokenVerifier: auth.verifier }),
  });
  const address = await built.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address,
    auth,
    headersFor: (principal) => auth.headersFor(principal),
    close: () => built.close(),
  };
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
