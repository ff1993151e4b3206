import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type TestAuth, testAuth } from '@comptoir/platform/testing';

export interface BenchIssuer extends TestAuth {
  /** Where the services fetch the key set (`COMPTOIR_JWKS_URL`). */
  jwksUrl: string;
  close(): Promise<void>;
}

/**
 * Stands in for identity during a benchmark: a fresh signing key, its JWKS served on loopback,
 * and tokens shaped as identity signs them — so the bench measures the services, not sign-in.
 */
export async function startBenchIssuer(): Promise<BenchIssuer> {
  const auth = await testAuth();
  const body = JSON.stringify(auth.jwks);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...auth,
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
