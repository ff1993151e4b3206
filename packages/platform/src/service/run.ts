import { setTimeout as sleep } from 'node:timers/promises';
import type { TProperties } from '@sinclair/typebox';
import { ConfigError, loadConfig, PlatformConfig } from '../config/config.ts';
import { drain } from '../health/health.ts';
import { createLogger } from '../logging/logger.ts';
import { buildService } from './build.ts';
import type { ServiceDefinition } from './define.ts';
import { migrateService } from './migrate.ts';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Runs one service as its own process: build, listen, and on SIGTERM/SIGINT stop accepting,
 * drain in-flight requests and consumers, close pools, exit. A bad setting exits at once with
 * the variable named. With a `migrate` argument (or `COMPTOIR_MIGRATE_ONLY=true`) it applies the
 * database migrations and exits instead: 0 when the schema is up to date, 1 when a migration
 * failed (a migration Job's success or failure).
 * @example await runService(catalog); // services/catalog/src/main.ts
 */
export async function runService<P extends TProperties>(definition: ServiceDefinition<P>): Promise<void> {
  if (migrateOnly()) {
    await migrateAndExit(definition);
    return;
  }
  let service: Awaited<ReturnType<typeof buildService<P>>>;
  try {
    service = await buildService(definition);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const address = await service.listen();
  service.app.log.info({ address }, `${definition.name} listening`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    service.app.log.info({ signal }, `${definition.name} shutting down`);
    const force = setTimeout(() => {
      service.app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // Not ready first, still serving: the balancers stop sending before the server closes.
    drain(service.app);
    sleep(drainMs())
      .then(() => service.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          service.app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

function drainMs(): number {
  try {
    return loadConfig(PlatformConfig).COMPTOIR_SHUTDOWN_DRAIN_MS;
  } catch {
    return 0;
  }
}

/** `main.ts migrate`, or COMPTOIR_MIGRATE_ONLY=true (a bad value is reported by the run itself). */
function migrateOnly(): boolean {
  if (process.argv.slice(2).includes('migrate')) return true;
  try {
    return loadConfig(PlatformConfig).COMPTOIR_MIGRATE_ONLY;
  } catch {
    return false;
  }
}

async function migrateAndExit<P extends TProperties>(definition: ServiceDefinition<P>): Promise<void> {
  let log: ReturnType<typeof createLogger>;
  try {
    const config = loadConfig(PlatformConfig);
    log = createLogger(definition.name, {
      level: config.LOG_LEVEL,
      pretty: config.LOG_PRETTY ?? Boolean(process.stdout.isTTY),
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${definition.name}: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  try {
    const applied = await migrateService(definition);
    const count = Object.values(applied).reduce((sum, versions) => sum + versions.length, 0);
    log.info({ applied }, `${definition.name}: ${count} migration(s) applied, the schema is up to date`);
    log.flush();
    process.exit(0);
  } catch (error) {
    log.error({ err: error }, `${definition.name}: migration failed`);
    log.flush();
    process.exit(1);
  }
}
