import { join } from 'node:path';
import type { TProperties } from '@sinclair/typebox';
import { inboxMigrations } from '../bus/inbox.ts';
import { outboxMigrations } from '../bus/outbox.ts';
import { loadConfig, PlatformConfig } from '../config/config.ts';
import { createDb, createEmbeddedPostgres, type EmbeddedPostgres, loadMigrations } from '../db/index.ts';
import type { Db } from '../db/types.ts';
import type { ServiceDefinition } from './define.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The versions each migration scope took in one run (`{ 'platform.outbox': [], payments: [3] }`). */
export type AppliedMigrations = Record<string, number[]>;

/**
 * Every migration a service's database takes, in order: the kit's outbox and inbox tables, then
 * the service's own folder. `buildService` and the migrate-only mode both go through here, so a
 * migration Job and a starting replica cannot disagree on what the schema is.
 */
export async function applyServiceMigrations(
  db: Db,
  definition: Pick<ServiceDefinition, 'name' | 'migrations'>,
): Promise<AppliedMigrations> {
  const applied: AppliedMigrations = {};
  applied['platform.outbox'] = (await db.migrate('platform.outbox', outboxMigrations)).applied;
  applied['platform.inbox'] = (await db.migrate('platform.inbox', inboxMigrations)).applied;
  if (definition.migrations) {
    const own = await loadMigrations(definition.migrations);
    applied[definition.name] = (await db.migrate(definition.name, own)).applied;
  }
  return applied;
}

export interface MigrateOptions {
  env?: Env;
  /** The process's embedded database (the launcher's); by default the service's own PGlite files. */
  embedded?: EmbeddedPostgres;
}

/**
 * Migrate-only: opens the service's database (`COMPTOIR_DATABASE_URL`, else its PGlite files),
 * applies its pending migrations under the service's advisory lock, closes. Needs no broker, no
 * cache and none of the service's own settings, so a migration Job carries only the database URL.
 * A service without a database has nothing to do.
 * @example await migrateService(payments, { env: { COMPTOIR_DATABASE_URL: 'postgres://…/postgres' } });
 */
export async function migrateService<P extends TProperties>(
  definition: ServiceDefinition<P>,
  options: MigrateOptions = {},
): Promise<AppliedMigrations> {
  if (definition.needs?.db === false) return {};
  const config = loadConfig(PlatformConfig, options.env);
  let embedded = options.embedded;
  let ownEmbedded: EmbeddedPostgres | undefined;
  if (!config.COMPTOIR_DATABASE_URL && !embedded) {
    ownEmbedded = await createEmbeddedPostgres({ dataDir: join(config.COMPTOIR_DATA_DIR, definition.name) });
    embedded = ownEmbedded;
  }
  try {
    const db = await createDb({
      service: definition.name,
      ...(config.COMPTOIR_DATABASE_URL ? { url: config.COMPTOIR_DATABASE_URL } : {}),
      ...(embedded ? { embedded } : {}),
    });
    try {
      return await applyServiceMigrations(db, definition);
    } finally {
      await db.close();
    }
  } finally {
    await ownEmbedded?.close();
  }
}
