/**
 * `npm run start:services`: one process per replica against real PostgreSQL, Redis and RabbitMQ
 * (the COMPTOIR_* variables), the gateway in front balancing across them. Replicas per service
 * come from `<SERVICE>_REPLICAS` (default 2), ordering's checkout workers from
 * `ORDERING_WORKER_REPLICAS` (default 2, ports 8206, 8216…). Ctrl-C sends SIGTERM to every process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { demoAccountLines, seed } from './seed/seed.ts';
import { demoAdminEnv } from './seed/users.ts';
import { launchCredentials } from './service-credentials.ts';
import { edge, services } from './services.ts';

const env: Record<string, string | undefined> = { LOG_LEVEL: 'info', ...demoAdminEnv, ...process.env };
if (!env.COMPTOIR_DATABASE_URL) {
  console.error(
    'start:services runs every replica as its own process, so they need a shared PostgreSQL:\n' +
      '  COMPTOIR_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\\n' +
      '  COMPTOIR_REDIS_URL=redis://127.0.0.1:6379 COMPTOIR_AMQP_URL=amqp://guest:guest@127.0.0.1:5672 \\\n' +
      '  npm run start:services\n(`npm start` runs everything embedded in one process instead.)',
  );
  process.exit(2);
}

// One secret per run for ordering's machine client: identity's replicas all get the same one.
const credentials = launchCredentials(env);
const root = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];

function launch(name: string, port: number, extra: Record<string, string>): void {
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: root,
    env: {
      ...env,
      ...credentials.services,
      ...(name === 'identity' ? credentials.identity : {}),
      ...extra,
      PORT: String(port),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`${name}:${port} exited (${signal ?? code})`);
  });
  children.push(child);
}

// Twenty processes starting at once on two cores can take more than a minute: READY_TIMEOUT_MS.
const readyTimeoutMs = Number(env.READY_TIMEOUT_MS ?? 180_000);

async function waitReady(url: string, timeoutMs = readyTimeoutMs): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms`);
}

let stopping = false;
function stop(): void {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

const upstreams: Record<string, string> = {};
const replicaUrls: string[] = [];
/**
 * Ordering's checkout saga runs in workers that scale apart from its API: the API replicas take
 * no work from the queue, and `ORDERING_WORKER_REPLICAS` processes (default 2) take nothing but
 * the queue — each still serves health, metrics and the dead-letter admin on a port of its own.
 */
const roles: Record<string, Record<string, string>> = { ordering: { ORDERING_WORKERS: 'off' } };
for (const { name, port } of services) {
  const count = Number(env[`${name.toUpperCase()}_REPLICAS`] ?? 2);
  const urls = Array.from({ length: count }, (_, i) => `http://127.0.0.1:${port + i * 10}`);
  // Replicas start together: migrations run under an advisory lock, so only one applies them.
  for (let i = 0; i < count; i++) launch(name, port + i * 10, roles[name] ?? {});
  upstreams[`${name.toUpperCase()}_URLS`] = urls.join(',');
  replicaUrls.push(...urls);
}
const workers = Number(env.ORDERING_WORKER_REPLICAS ?? 2);
for (let i = 0; i < workers; i++) {
  const port = 8206 + i * 10;
  launch('ordering', port, { ORDERING_API: 'off' });
  replicaUrls.push(`http://127.0.0.1:${port}`);
}
const gatewayUrl = `http://localhost:${edge.port}`;
let seeded: Awaited<ReturnType<typeof seed>>;
try {
  await Promise.all(replicaUrls.map((url) => waitReady(url)));
  launch(edge.name, edge.port, upstreams);
  await waitReady(gatewayUrl);
  seeded = await seed(gatewayUrl);
} catch (error) {
  // Leave nothing behind: a half-started platform would hold the ports of the next try.
  console.error(`start:services failed: ${(error as Error).message}`);
  stop();
  process.exit(1);
}
console.log(
  [
    '',
    `Comptoir is up: ${children.length} processes on PostgreSQL, Redis and RabbitMQ.`,
    seeded.products > 0 ? `  Demo data seeded: ${seeded.products} products.` : '  Demo data already present.',
    ...demoAccountLines(),
    `  API gateway  ${gatewayUrl}/api   docs ${gatewayUrl}/api/docs`,
    ...Object.entries(upstreams).map(([k, v]) => `  ${k}=${v}`),
    '  Ctrl-C stops every process.',
  ].join('\n'),
);
