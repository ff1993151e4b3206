/**
 * `npm run bench`: one run, several targets, ratios between them — never absolute targets.
 *
 *   product read   direct to catalog · through the gateway · through nginx (1 worker, keep-alive)
 *   one connection added latency of the gateway hop vs nginx's (wrk -c1, µs percentiles)
 *   cache          the same read with cache-aside on (hit) vs off (every read a miss)
 *   guarded path   JWT + rate limiter + two replicas vs the plain hop (bench/guarded.ts)
 *   POS sale       the whole platform, N registers selling at once vs a lone cash payment (bench/pos.ts)
 *   checkout       N customers, each order followed to confirmed vs a lone card payment (bench/checkout.ts)
 *   mixed          browse 80 % / cart 15 % / checkout 5 % at rising concurrency: the knee (bench/mixed.ts)
 *   scale-out      the POS sale with 1 vs 2 replicas of ordering, its busiest service (bench/scale.ts)
 *
 * The journeys run one process per replica on a throw-away PostgreSQL (pgbench beside them on the
 * same server is their reference); `BENCH_MODE=embedded` runs them in `npm start` instead.
 * The figures are printed as tables and written as JSON to BENCH_JSON (bench/results/latest.json).
 *
 * Embedded PGlite by default; with COMPTOIR_DATABASE_URL / _REDIS_URL set, catalog uses them.
 * BENCH_SECONDS sets each load phase's length (default 10).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { checkout } from './checkout.ts';
import { guardedPath } from './guarded.ts';
import { startNginx } from './lib/nginx.ts';
import { startService, stopAll, waitReady } from './lib/processes.ts';
import { startBenchIssuer } from './lib/tokens.ts';
import { type LoadResult, wrk } from './lib/wrk.ts';
import { mixedWorkload } from './mixed.ts';
import { posSale } from './pos.ts';
import { scaleOut } from './scale.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PORTS = { catalog: 18101, uncached: 18102, gateway: 18080, nginx: 18090 };
const dir = mkdtempSync(join(tmpdir(), 'comptoir-bench-'));
const output = process.env.BENCH_JSON ?? 'bench/results/latest.json';
const figures: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg()[0],
  },
  seconds,
  connections,
};

const issuer = await startBenchIssuer();
const admin = await issuer.headersFor({ subject: 'usr_bench', roles: ['admin'] });
// Every service of the bench verifies tokens against the bench's own key set.
const auth = { COMPTOIR_JWKS_URL: issuer.jwksUrl };

async function seedProduct(base: string): Promise<string> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  const run = Date.now().toString(36);
  const category = await post('/categories', { slug: `bench-${run}`, name: 'Banc d’essai' });
  const product = await post('/products', {
    sku: `BENCH-${run}`,
    name: 'Chaise pliante',
    description: 'Produit de référence du banc d’essai.',
    price: { amount: 3499, currency: 'CAD' },
    categoryId: category.id,
    active: true,
  });
  return product.id;
}

function row(r: LoadResult, reference?: LoadResult): string {
  const ratio = reference ? `${(r.rps / reference.rps).toFixed(2)}×` : '';
  return `  ${r.label.padEnd(30)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(3).padStart(7)} ms   p99 ${r.p99Ms.toFixed(3).padStart(8)} ms   errors ${r.errors}   ${ratio}`;
}

try {
  startService('catalog', { ...auth, COMPTOIR_DATA_DIR: dir, PORT: String(PORTS.catalog) });
  await waitReady(`http://127.0.0.1:${PORTS.catalog}/health/ready`);
  const id = await seedProduct(`http://127.0.0.1:${PORTS.catalog}`);
  startService('gateway', {
    ...auth,
    PORT: String(PORTS.gateway),
    CATALOG_URLS: `http://127.0.0.1:${PORTS.catalog}`,
    // The plain pass-through: one client at full speed would be metered out (429) by the defaults.
    GATEWAY_RATE_LIMIT: 'off',
  });
  startNginx(dir, PORTS.nginx, [`127.0.0.1:${PORTS.catalog}`]);
  await waitReady(`http://127.0.0.1:${PORTS.gateway}/health/ready`);
  await waitReady(`http://127.0.0.1:${PORTS.nginx}/api/catalog/health/live`);

  const path = `/products/${id}`;
  const targets = {
    direct: `http://127.0.0.1:${PORTS.catalog}${path}`,
    gateway: `http://127.0.0.1:${PORTS.gateway}/api/catalog${path}`,
    nginx: `http://127.0.0.1:${PORTS.nginx}/api/catalog${path}`,
  };
  for (const url of Object.values(targets)) wrk('warm-up', url, { seconds: 2, connections });

  console.log(`\nProduct read (GET ${path}), ${connections} connections, ${seconds}s each, wrk 1 thread`);
  const direct = wrk('direct to catalog', targets.direct, { seconds, connections });
  const nginx = wrk('through nginx', targets.nginx, { seconds, connections });
  const gateway = wrk('through the gateway', targets.gateway, { seconds, connections });
  console.log(row(direct, direct));
  console.log(row(nginx, direct));
  console.log(row(gateway, direct));
  console.log(`  gateway / nginx throughput: ${(gateway.rps / nginx.rps).toFixed(2)}×  (target ≥ 0.35×)`);
  figures.productRead = { direct, nginx, gateway, gatewayOverNginx: gateway.rps / nginx.rps };

  // One connection, one request at a time: what a hop adds to a single request (wrk reports µs).
  console.log(`\nOne connection, one request at a time, ${seconds}s each`);
  const one = {
    direct: wrk('direct to catalog', targets.direct, { seconds, connections: 1 }),
    nginx: wrk('through nginx', targets.nginx, { seconds, connections: 1 }),
    gateway: wrk('through the gateway', targets.gateway, { seconds, connections: 1 }),
  };
  for (const r of Object.values(one)) console.log(row(r, one.direct));
  const added = (r: LoadResult) => ((r.p50Ms - one.direct.p50Ms) * 1000).toFixed(0);
  console.log(
    `  added at p50: gateway ${added(one.gateway)} µs (target < 150 µs), nginx ${added(one.nginx)} µs`,
  );
  figures.oneConnection = {
    ...one,
    addedP50Us: { gateway: Number(added(one.gateway)), nginx: Number(added(one.nginx)) },
  };

  // The same catalog with cache-aside switched off: every read goes to the database.
  // Embedded, each process has its own PGlite directory, so the second one gets its own product.
  const sharedServer = Boolean(process.env.COMPTOIR_DATABASE_URL);
  startService('catalog', {
    ...auth,
    COMPTOIR_DATA_DIR: sharedServer ? dir : join(dir, 'uncached'),
    PORT: String(PORTS.uncached),
    COMPTOIR_CACHE: 'off',
  });
  const uncached = `http://127.0.0.1:${PORTS.uncached}`;
  await waitReady(`${uncached}/health/ready`);
  const missId = sharedServer ? id : await seedProduct(uncached);
  const missUrl = `${uncached}/products/${missId}`;
  wrk('warm-up', missUrl, { seconds: 2, connections });
  console.log(`\nCache-aside on the product read, direct, ${connections} connections`);
  const miss = wrk('cache off (every read a miss)', missUrl, { seconds, connections });
  const hit = wrk('cache on (hit)', targets.direct, { seconds, connections });
  console.log(row(miss, miss));
  console.log(row(hit, miss));
  console.log(`  hit / miss throughput: ${(hit.rps / miss.rps).toFixed(2)}×`);
  figures.cache = { hit, miss, hitOverMiss: hit.rps / miss.rps };

  figures.guarded = await guardedPath({
    seconds,
    connections,
    issuer,
    seedProduct,
    row,
    plainOneReplica: gateway,
    dir,
  });
} finally {
  await stopAll();
  await issuer.close();
  rmSync(dir, { recursive: true, force: true });
}

// The journeys need the whole platform on its usual ports, so they run once the rest has stopped.
figures.posSale = await posSale(seconds);
figures.checkout = await checkout(seconds);
figures.mixed = await mixedWorkload(seconds);
figures.scaleOut = await scaleOut(seconds);
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, `${JSON.stringify(figures, null, 2)}\n`);
console.log(`\nFigures written to ${output}`);
