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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startService, waitReady } from './lib/processes.ts';
import type { BenchIssuer } from './lib/tokens.ts';
import { type LoadResult, wrk } from './lib/wrk.ts';

const PORTS = { catalogA: 18111, catalogB: 18112, plain: 18180, guarded: 18181 };
const ROUNDS = 4;

/** CPU time a process has used so far, in ms (Linux: utime + stime from /proc, 100 ticks a second). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

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

export async function guardedPath(options: GuardedPathOptions): Promise<{ guardedOverPlain: number }> {
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
  const plainGateway = startService('gateway', {
    ...common,
    PORT: String(PORTS.plain),
    GATEWAY_RATE_LIMIT: 'off',
  });
  const guardedGateway = startService('gateway', {
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
  // Every verifier (the gateway, each replica) fetches the key set now: during a run the bench's
  // event loop is blocked in wrk and could not answer the JWKS request.
  for (const replica of replicas) await (await fetch(`${replica}/products/${id}`, { headers })).arrayBuffer();
  const check = await fetch(guardedUrl, { headers });
  if (check.status !== 200 || !check.headers.get('ratelimit')) {
    throw new Error(`guarded gateway answered ${check.status} without RateLimit: ${await check.text()}`);
  }
  // Fresh processes: long enough a warm-up that the first measured round is not the JIT's.
  wrk('warm-up', plainUrl, { seconds: 5, connections });
  wrk('warm-up', guardedUrl, { seconds: 5, connections, headers });

  const limiter = redis
    ? `Redis rate limiter (${redis})`
    : 'in-process rate limiter (COMPTOIR_REDIS_URL unset)';
  console.log(
    `\nGuarded path: verified JWT + ${limiter} + 2 catalog replicas${shared ? '' : ' (one embedded process at two addresses)'}`,
  );
  // Rounds in alternating order, so load drifting on a shared machine hits both sides alike; the
  // gateway's own CPU per request is measured too — steadier than throughput when others share the cores.
  const phase = Math.max(3, Math.round(seconds / 2));
  const measure = (label: string, url: string, pid: number | undefined, extra: Record<string, string>) => {
    const before = cpuMs(pid);
    const result = wrk(label, url, { seconds: phase, connections, headers: extra });
    return { result, cpuUsPerRequest: ((cpuMs(pid) - before) * 1000) / (result.rps * phase) };
  };
  const plain: Array<ReturnType<typeof measure>> = [];
  const guarded: Array<ReturnType<typeof measure>> = [];
  for (let round = 0; round < ROUNDS; round++) {
    const runPlain = () =>
      plain.push(measure('plain pass-through (2 repl.)', plainUrl, plainGateway.pid, {}));
    const runGuarded = () =>
      guarded.push(measure('guarded (JWT + limiter)', guardedUrl, guardedGateway.pid, headers));
    if (round % 2 === 0) {
      runPlain();
      runGuarded();
    } else {
      runGuarded();
      runPlain();
    }
  }
  if (options.plainOneReplica) console.log(options.row(options.plainOneReplica, plain[0]!.result));
  for (let round = 0; round < ROUNDS; round++) {
    console.log(options.row(plain[round]!.result, plain[round]!.result));
    console.log(options.row(guarded[round]!.result, plain[round]!.result));
  }
  const total = (runs: typeof plain) => runs.reduce((sum, run) => sum + run.result.rps, 0);
  const cpu = (runs: typeof plain) => runs.reduce((sum, run) => sum + run.cpuUsPerRequest, 0) / runs.length;
  console.log(
    `  gateway CPU per request: plain ${cpu(plain).toFixed(0)} µs, guarded ${cpu(guarded).toFixed(0)} µs`,
  );
  console.log(
    `  guarded / plain throughput: ${(total(guarded) / total(plain)).toFixed(2)}×  (target ≥ 0.8×)`,
  );
  return { guardedOverPlain: total(guarded) / total(plain) };
}
