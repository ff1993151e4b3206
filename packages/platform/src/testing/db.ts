import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdent, serviceIdentifier } from '../db/names.ts';
import { createEmbeddedPostgres } from '../db/pglite.ts';
import { createPostgresDb, onDatabase } from '../db/postgres.ts';
import type { Db } from '../db/types.ts';

/**
 * A throw-away database for one test file. With `COMPTOIR_DATABASE_URL` set, a fresh database
 * `comptoir_test_<service>_<random>` on that server, dropped by `close()`; otherwise an
 * in-memory embedded database (a few seconds to open: share one per file, not one per test).
 * @example
 * const db = await testDatabase('catalog');
 * afterAll(() => db.close());
 */
export async function testDatabase(service: string): Promise<Db & { close(): Promise<void> }> {
  const url = process.env.COMPTOIR_DATABASE_URL;
  if (!url) {
    const embedded = await createEmbeddedPostgres();
    return { ...embedded.database(service), close: () => embedded.close() };
  }
  const database = `comptoir_test_${serviceIdentifier(service)}_${randomBytes(4).toString('hex')}`;
  const db = await createPostgresDb({ service, url, database, poolSize: 5 });
  return {
    ...db,
    close: async () => {
      await db.close();
      await dropDatabase(url, database);
    },
  };
}

async function dropDatabase(url: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: onDatabase(url, 'postgres') });
  await admin.connect();
  try {
    // A test that leaked a connection must not keep its database alive.
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [
      database,
    ]);
    await admin.query(`drop database if exists ${quoteIdent(database)} with (force)`);
  } finally {
    await admin.end();
  }
}
