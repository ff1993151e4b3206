import type { EmbeddedPostgres } from './pglite.ts';
import { createPostgresDb } from './postgres.ts';
import type { Db } from './types.ts';

export { loadMigrations } from './load-migrations.ts';
export { createEmbeddedPostgres, type EmbeddedPostgres } from './pglite.ts';
export type { Db, Migration, PoolStats, Queryable, QueryResult } from './types.ts';

/** Where a service's database lives: a PostgreSQL server (`url`) or the process's embedded one. */
export interface DbOptions {
  service: string;
  /** A PostgreSQL server; the service gets its own database there (`comptoir_<service>`). */
  url?: string;
  /** Overrides the database name on the server (tests use unique names). */
  database?: string;
  /** The process's embedded database, used when there is no `url`. */
  embedded?: EmbeddedPostgres;
  /** Pool size on a server (default 10); the embedded database is a single connection. */
  poolSize?: number;
}

/**
 * Opens a service's database: its own database on the server at `url`, otherwise its own
 * schema in the shared embedded database.
 * @example
 * const embedded = await createEmbeddedPostgres();
 * const db = await createDb({ service: 'catalog', embedded });
 * await db.migrate('catalog', await loadMigrations(new URL('./migrations/', import.meta.url)));
 */
export async function createDb(options: DbOptions): Promise<Db> {
  if (options.url) {
    return createPostgresDb({
      service: options.service,
      url: options.url,
      ...(options.database ? { database: options.database } : {}),
      ...(options.poolSize ? { poolSize: options.poolSize } : {}),
    });
  }
  if (!options.embedded) {
    throw new Error(
      `No database for service "${options.service}": give a PostgreSQL url or the embedded database`,
    );
  }
  return options.embedded.database(options.service);
}
