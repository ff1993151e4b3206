/**
 * `npm start`: the whole platform in one process with embedded defaults — one PGlite instance
 * (a schema per service), the in-process bus, in-process caches — each service on its own port,
 * the gateway at :8080, demo data seeded once. Ctrl-C stops everything cleanly.
 * Setting COMPTOIR_DATABASE_URL / _REDIS_URL / _AMQP_URL runs the same process on real servers.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BuiltService, createEmbeddedPostgres, createLogger } from '@comptoir/platform';
import { demoAccountLines, seed } from './seed/seed.ts';
import { demoAdminEnv } from './seed/users.ts';
import { launchCredentials } from './service-credentials.ts';
import { edge, services } from './services.ts';

const started = performance.now();
const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn', ...demoAdminEnv, ...process.env };
const credentials = launchCredentials(env);
const log = createLogger('comptoir', { level: 'info', pretty: Boolean(process.stdout.isTTY) });
const dataDir = env.COMPTOIR_DATA_DIR ?? '.comptoir/data';

const embedded = env.COMPTOIR_DATABASE_URL
  ? undefined
  : await (async () => {
      mkdirSync(dataDir, { recursive: true });
      return createEmbeddedPostgres({ dataDir: join(dataDir, 'pglite') });
    })();

const running: BuiltService[] = [];
let stopping = false;
async function stop(signal: string, code = 0) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping');
  for (const service of [...running].reverse()) await service.close();
  await embedded?.close();
  log.info('stopped');
  process.exit(code);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

try {
  for (const { name, build, port } of [...services, edge]) {
    const own = name === 'identity' ? credentials.identity : {};
    const service = await build({
      env: { ...env, ...credentials.services, ...own, PORT: String(port) },
      ...(embedded ? { embedded } : {}),
    });
    await service.listen();
    running.push(service);
  }
  const gatewayUrl = `http://localhost:${edge.port}`;
  const seeded = await seed(gatewayUrl);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const lines = [
    '',
    `Comptoir is up in ${seconds}s (${embedded ? 'embedded: PGlite, in-process cache and bus' : 'real servers'}).`,
    seeded.products > 0 || seeded.stores > 0
      ? `  Demo data seeded: ${seeded.products} products in ${seeded.categories} categories, ${seeded.stores} stores with 2 registers each, stock everywhere.`
      : '  Demo data already present.',
    ...demoAccountLines(),
    `  Web app         ${gatewayUrl}/  (the register at /pos)`,
    `  API gateway     ${gatewayUrl}/api`,
    `  API docs        ${gatewayUrl}/api/docs`,
    `  OpenAPI         ${gatewayUrl}/api/openapi.json`,
    `  Try             curl '${gatewayUrl}/api/catalog/products?q=chaise&limit=5'`,
    ...services.map(
      ({ name, port }) => `  ${name.padEnd(15)} http://localhost:${port}  (/metrics, /health/ready)`,
    ),
    '  Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} catch (error) {
  log.error({ err: error }, 'start-up failed');
  await stop('start-up failure', 1);
}
