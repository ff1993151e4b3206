import pg from 'pg';
import { runMigrations } from './migrate.ts';
import { quoteIdent, serviceIdentifier } from './names.ts';
import type { Db, Queryable, QueryResult } from './types.ts';

/** How to reach a service's own database on a PostgreSQL server. */
export interface PostgresOptions {
  service: string;
  /** Any database on the server (usually `postgres`); only host, port and credentials are used. */
  url: string;
  /** The database to use; `comptoir_<service>` by default. */
  database?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

// 42P04 duplicate_database; 23505 when two sessions insert into pg_database at the same moment.
const ALREADY_CREATED = new Set(['42P04', '23505']);
// Same extensions, same SQL: 42710 duplicate_object when two services install one at once.
const EXTENSION_RACE = new Set(['42710', '23505']);
const INT8 = 20;
const INT8_ARRAY = 1016;
const INT4_ARRAY: number = 1007;

/**
 * Opens a pool on the service's own database, creating the database (and the `unaccent` and
 * `pg_trgm` extensions the embedded database also has) when missing.
 * @example const db = await createPostgresDb({ service: 'catalog', url: 'postgres://localhost/postgres' });
 */
export async function createPostgresDb(options: PostgresOptions): Promise<Db> {
  const database = options.database ?? `comptoir_${serviceIdentifier(options.service)}`;
  await ensureDatabase(options.url, database);
  const pool = new pg.Pool({
    connectionString: onDatabase(options.url, database),
    max: options.poolSize ?? 10,
    types: { getTypeParser: sameTypesAsEmbedded },
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  await ensureExtensions(pool);

  const query: Queryable['query'] = async (sql, params) =>
    toQueryResult(await pool.query(sql, params ? [...params] : undefined));

  return {
    kind: 'postgres',
    service: options.service,
    query,
    transaction: async (fn) => {
      const client = await checkOut(pool);
      let broken: Error | undefined;
      try {
        await client.query('begin');
        try {
          const result = await fn({
            query: async (sql, params) =>
              toQueryResult(await client.query(sql, params ? [...params] : undefined)),
          });
          await client.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback').catch((rollbackError: Error) => {
            broken = rollbackError;
          });
          throw error;
        }
      } finally {
        // A client whose rollback failed is in an unknown state: destroy it rather than reuse it.
        client.release(broken);
      }
    },
    migrate: async (scope, migrations) => {
      const client = await checkOut(pool);
      try {
        const session = {
          query: async <R>(sql: string, params?: readonly unknown[]) =>
            toQueryResult<R>(await client.query(sql, params ? [...params] : undefined)),
          // Without parameters pg uses the simple protocol, which accepts several statements.
          exec: async (sql: string) => {
            await client.query(sql);
          },
        };
        return await runMigrations(session, options.service, scope, migrations);
      } finally {
        client.release();
      }
    },
    ping: async () => {
      await pool.query('select 1');
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}

/**
 * A client of the pool for a transaction or a migration. While it is checked out the pool no
 * longer listens to its errors, and a connection dropped between two queries (the server
 * restarted, `pg_terminate_backend`, a transaction waiting on the broker) would be an unhandled
 * 'error' event — a crashed process. Listened to here, the drop fails the transaction's next
 * query instead, and the broken client is destroyed on release.
 */
async function checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  const ignore = () => undefined;
  client.on('error', ignore);
  const release = client.release.bind(client);
  client.release = (destroy?: boolean | Error) => {
    client.off('error', ignore);
    release(destroy);
  };
  return client;
}

/** Creates `database` on the server behind `url` unless it exists; safe when several processes race. */
export async function ensureDatabase(url: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: onDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount) return;
    await admin.query(`create database ${quoteIdent(database)}`).catch((error: unknown) => {
      if (!ALREADY_CREATED.has(errorCode(error))) throw error;
    });
  } finally {
    await admin.end();
  }
}

/**
 * The same server URL pointing at another database. (pg lets the URL's database win over a
 * separate `database` option, so the URL itself must change.)
 */
export function onDatabase(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${encodeURIComponent(database)}`;
  return target.toString();
}

async function ensureExtensions(pool: pg.Pool): Promise<void> {
  for (const extension of ['unaccent', 'pg_trgm']) {
    await pool.query(`create extension if not exists ${extension} schema public`).catch((error: unknown) => {
      if (!EXTENSION_RACE.has(errorCode(error))) throw error;
    });
  }
}

// PGlite returns int8 (count(*), bigint) as a JS number; pg returns a string. Align on number so
// the same code runs on both; numeric stays a string on both (exact amounts).
function sameTypesAsEmbedded(oid: number, format?: string): (value: string) => unknown {
  if (format !== 'binary' && oid === INT8) return Number;
  if (format !== 'binary' && oid === INT8_ARRAY) return pg.types.getTypeParser(INT4_ARRAY, 'text');
  return pg.types.getTypeParser(oid, format === 'binary' ? 'binary' : 'text');
}

function toQueryResult<R>(result: pg.QueryResult): QueryResult<R> {
  return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}
