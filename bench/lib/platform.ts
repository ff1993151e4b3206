/**
 * The whole platform for a journey bench: `npm start` in a child process (one process, embedded,
 * demo data seeded into a throw-away directory, rate limits off), a JSON client for its gateway,
 * and a driver that runs one async step per actor in a loop and reports rate and percentiles.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresOnFreePort } from './postgres.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const api = 'http://127.0.0.1:8080/api';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const cad = (amount: number) => ({ amount, currency: 'CAD' });

/** A fresh id in the platform's shape (`sal_` + 26 Crockford characters). */
export const newId = (prefix: string) =>
  `${prefix}_0${Array.from(randomBytes(25), (byte) => CROCKFORD[byte % 32]).join('')}`;

/** One call to the gateway; anything but a 2xx throws with the answer. */
export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  extra: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { ...extra };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${api}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

export interface RunningPlatform {
  /** What runs: `embedded` (npm start) or `services` (one process per replica on real servers). */
  mode: 'embedded' | 'services';
  /** The PostgreSQL server the services use, for pgbench beside them (services mode only). */
  databaseUrl?: string;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /** Extra settings, e.g. `ORDERING_REPLICAS: '1'` for the scale-out comparison. */
  env?: Record<string, string>;
}

/**
 * The mode of the journey benches: `BENCH_MODE=embedded` runs `npm start` (the laptop); the
 * default runs `npm run start:services` — one process per replica, on a throw-away PostgreSQL
 * server of the bench's own, Redis database 1 and a RabbitMQ virtual host of its own, so a bench
 * never meets the data or the queues of a developer's platform or of a test run.
 */
export const benchMode = (): 'embedded' | 'services' =>
  process.env.BENCH_MODE === 'embedded' ? 'embedded' : 'services';

function rabbitVhost(vhost: string): string {
  for (const args of [
    ['add_vhost', vhost],
    ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'],
  ]) {
    const result = spawnSync('rabbitmqctl', args, { encoding: 'utf8' });
    if (result.status !== 0 && !/already exists/.test(result.stderr + result.stdout))
      throw new Error(`rabbitmqctl ${args.join(' ')}: ${result.stderr}`);
  }
  return `amqp://guest:guest@127.0.0.1:5672/${encodeURIComponent(vhost)}`;
}

/** The platform on its usual ports, resolved once it printed that it is up. */
export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const mode = benchMode();
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-bench-'));
  const postgres = mode === 'services' ? await startPostgresOnFreePort() : undefined;
  const env: Record<string, string | undefined> = {
    ...process.env,
    COMPTOIR_DATA_DIR: dataDir,
    GATEWAY_RATE_LIMIT: 'off',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  if (postgres) {
    env.COMPTOIR_DATABASE_URL = postgres.url;
    env.COMPTOIR_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/1';
    env.COMPTOIR_AMQP_URL = process.env.BENCH_AMQP_URL ?? rabbitVhost('comptoir-bench');
  } else {
    for (const name of ['COMPTOIR_DATABASE_URL', 'COMPTOIR_REDIS_URL', 'COMPTOIR_AMQP_URL']) delete env[name];
  }
  const script = mode === 'services' ? 'scripts/start-services.ts' : 'scripts/start.ts';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Comptoir is up')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the platform exited (${code}) before it was up`)));
    });
  } catch (error) {
    postgres?.stop();
    throw error;
  }
  child.stdout?.resume();
  return {
    mode,
    ...(postgres ? { databaseUrl: postgres.url } : {}),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      postgres?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface JourneyResult {
  label: string;
  count: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** Runs `once` in a loop for each actor until `seconds` pass; `once` resolves to the latency it measured. */
export async function drive<A>(
  label: string,
  actors: A[],
  seconds: number,
  once: (actor: A) => Promise<number>,
): Promise<JourneyResult> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    actors.map(async (actor) => {
      while (performance.now() < until) {
        try {
          latencies.push(await once(actor));
        } catch (error) {
          errors++;
          if (errors <= 3) console.error(`  ${label}: ${(error as Error).message.slice(0, 300)}`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    label,
    count: latencies.length,
    perSecond: latencies.length / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
  };
}

export const resultLine = (r: JourneyResult, reference?: JourneyResult) =>
  `  ${r.label.padEnd(34)} ${r.perSecond.toFixed(1).padStart(8)} /s   p50 ${r.p50Ms.toFixed(1).padStart(7)} ms   p99 ${r.p99Ms.toFixed(1).padStart(7)} ms   n ${String(r.count).padStart(5)}   errors ${r.errors}   ${reference ? `${(r.perSecond / reference.perSecond).toFixed(2)}×` : ''}`;
