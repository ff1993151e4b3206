import type { TProperties } from '@sinclair/typebox';
import { ConfigError } from '../config/config.ts';
import { buildService } from './build.ts';
import type { ServiceDefinition } from './define.ts';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Runs one service as its own process: build, listen, and on SIGTERM/SIGINT stop accepting,
 * drain in-flight requests and consumers, close pools, exit. A bad setting exits at once with
 * the variable named.
 * @example await runService(catalog); // services/catalog/src/main.ts
 */
export async function runService<P extends TProperties>(definition: ServiceDefinition<P>): Promise<void> {
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
    service.close().then(
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
