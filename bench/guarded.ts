/**
 * The guarded path: the same product read through a gateway that verifies a JWT, meters the
 * caller in the rate limiter (Redis when COMPTOIR_REDIS_URL is set, in-process otherwise) and
 * balances over two catalog replicas — against a plain gateway over the same replicas (no token,
 * rate limiting off) in the same run. Target: guarded ≥ 0.8× plain (Kong keeps ~0.76× with
 * key-auth and rate limiting).
 *
 * Two catalog processes need a shared PostgreSQL (COMPTOIR_DATABASE_URL); embedded, PGlite
 * cannot be shared, so one catalog process is reached at two addresses — two replicas as far as
 * the gateway can tell, which is what this measures.
 */
import { join } from 'node:path';
import { startService, waitReady } from './lib/processes.ts';
import type { BenchIssuer } from './lib/tokens.ts';
import { type LoadResult, wrk } from './lib/wrk.ts';

const PORTS = { catalogA: 18111, catalogB: 18112, plain: 18180, guarded: 18181 };

export interface GuardedPathOptions {
  seconds: number;
  connections: number;
  issuer: BenchIssuer;
  /** Seeds one product through a catalog replica; resolves to its id. */
  seedProduct(base: string): Promise<string>;
  row(result: LoadResult, reference?: LoadResult): string;
  /** The earlier plain figure of this run (one replica), printed alongside. */
  plainOneReplica?: LoadResult;
  /** The run's scratch folder (embedded databases). */
  dir: string;
}

export async function guardedPath(options: GuardedPathOptions): Promise<void> {
  const { seconds, connections, issuer } = options;
  const auth = { COMPTOIR_JWKS_URL: issuer.jwksUrl };
  const shared = Boolean(process.env.COMPTOIR_DATABASE_URL);
  const redis = process.env.COMPTOIR_REDIS_URL;

  let replicas: string[];
  if (shared) {
    startService('catalog', { ...auth, PORT: String(PORTS.catalogA) });
    startService('catalog', { ...auth, PORT: String(PORTS.catalogB) });
    replicas = [`http://127.0.0.1:${PORTS.catalogA}`, `http://127.0.0.1:${PORTS.catalogB}`];
  } else {
    const dataDir = join(options.dir, 'guarded');
    startService('catalog', {
      ...auth,
      HOST: '0.0.0.0',
      COMPTOIR_DATA_DIR: dataDir,
      PORT: String(PORTS.catalogA),
    });
    replicas = [`http://127.0.0.1:${PORTS.catalogA}`, `http://127.0.0.2:${PORTS.catalogA}`];
  }
  for (const replica of replicas) await waitReady(`${replica}/health/ready`);
  const id = await options.seedProduct(replicas[0]!);

  const common = { ...auth, CATALOG_URLS: replicas.join(',') };
  startService('gateway', { ...common, PORT: String(PORTS.plain), GATEWAY_RATE_LIMIT: 'off' });
  startService('gateway', {
    ...common,
    PORT: String(PORTS.guarded),
    // Metered on every request, never refused: the bench measures the check, not 429s.
    GATEWAY_RATE_BROWSE: '1000000000/1s',
  });
  await waitReady(`http://127.0.0.1:${PORTS.plain}/health/ready`);
  await waitReady(`http://127.0.0.1:${PORTS.guarded}/health/ready`);

  const path = `/api/catalog/products/${id}`;
  const plainUrl = `http://127.0.0.1:${PORTS.plain}${path}`;
  const guardedUrl = `http://127.0.0.1:${PORTS.guarded}${path}`;
  const headers = await issuer.headersFor({ subject: 'usr_bench_reader', roles: ['customer'] });
  const check = await fetch(guardedUrl, { headers });
  if (check.status !== 200 || !check.headers.get('ratelimit')) {
    throw new Error(`guarded gateway answered ${check.status} without RateLimit: ${await check.text()}`);
  }
  wrk('warm-up', plainUrl, { seconds: 2, connections });
  wrk('warm-up', guardedUrl, { seconds: 2, connections, headers });

  const limiter = redis
    ? `Redis rate limiter (${redis})`
    : 'in-process rate limiter (COMPTOIR_REDIS_URL unset)';
  console.log(
    `\nGuarded path: verified JWT + ${limiter} + 2 catalog replicas${shared ? '' : ' (one embedded process at two addresses)'}`,
  );
  // Two rounds in alternating order, so load drifting on a shared machine hits both sides alike.
  const runPlain = () => wrk('plain pass-through (2 repl.)', plainUrl, { seconds, connections });
  const runGuarded = () => wrk('guarded (JWT + limiter)', guardedUrl, { seconds, connections, headers });
  const rounds: Array<[LoadResult, LoadResult]> = [];
  for (let round = 0; round < 2; round++) {
    if (round % 2 === 0) {
      const plain = runPlain();
      rounds.push([plain, runGuarded()]);
    } else {
      const guarded = runGuarded();
      rounds.push([runPlain(), guarded]);
    }
  }
  if (options.plainOneReplica) console.log(options.row(options.plainOneReplica, rounds[0]![0]));
  for (const [plain, guarded] of rounds) {
    console.log(options.row(plain, plain));
    console.log(options.row(guarded, plain));
  }
  const sum = (pick: (pair: [LoadResult, LoadResult]) => LoadResult) =>
    rounds.reduce((total, pair) => total + pick(pair).rps, 0);
  const ratio = sum(([, guarded]) => guarded) / sum(([plain]) => plain);
  console.log(`  guarded / plain throughput: ${ratio.toFixed(2)}×  (target ≥ 0.8×)`);
}
