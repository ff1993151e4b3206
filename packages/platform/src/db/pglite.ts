import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite, type Results } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { runMigrations } from './migrate.ts';
import { Mutex } from './mutex.ts';
import { quoteIdent, serviceIdentifier } from './names.ts';
import type { Db, Queryable, QueryResult } from './types.ts';

/** One embedded PostgreSQL for the whole process; each service gets a schema of its own. */
export interface EmbeddedPostgres {
  /** The handle of one service: its statements run with `search_path = <service>, public`. */
  database(service: string): Db;
  /** Closes the instance; every handle obtained from it stops working. */
  close(): Promise<void>;
}

/**
 * Opens the embedded database (PGlite, ~180 MB, a few seconds): in memory, or persisted in
 * `dataDir`. Open it once per process and hand it to every service's `createDb`.
 * `unaccent` and `pg_trgm` are installed in `public`, so every service can use them.
 * @example const embedded = await createEmbeddedPostgres({ dataDir: '.comptoir/pgdata' });
 */
export async function createEmbeddedPostgres(options: { dataDir?: string } = {}): Promise<EmbeddedPostgres> {
  // PGlite creates only the last folder of the path; a fresh clone has none of them.
  if (options.dataDir) mkdirSync(dirname(options.dataDir), { recursive: true });
  const lite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    extensions: { unaccent, pg_trgm },
  });
  await lite.exec(
    'create extension if not exists unaccent schema public; create extension if not exists pg_trgm schema public;',
  );
  const mutex = new Mutex();
  const schemasReady = new Set<string>();
  let searchPath = '';
  let closed = false;

  // Runs `fn` alone on the connection, with the service's schema first on the search path.
  const exclusive = <T>(schema: string, fn: () => Promise<T>): Promise<T> =>
    mutex.run(async () => {
      if (closed) throw new Error('The embedded database is closed');
      if (!schemasReady.has(schema)) {
        await lite.query(`create schema if not exists ${quoteIdent(schema)}`);
        schemasReady.add(schema);
      }
      if (searchPath !== schema) {
        await lite.query(`set search_path to ${quoteIdent(schema)}, public`);
        searchPath = schema;
      }
      return fn();
    });

  const run: Queryable['query'] = async (sql, params) =>
    toQueryResult(await lite.query(sql, params ? [...params] : undefined));
  const session = {
    query: run,
    exec: async (sql: string) => {
      await lite.exec(sql);
    },
  };

  return {
    database(service: string): Db {
      const schema = serviceIdentifier(service);
      return {
        kind: 'pglite',
        service,
        query: (sql, params) => exclusive(schema, () => run(sql, params)),
        transaction: (fn) =>
          exclusive(schema, async () => {
            let open = true;
            const tx: Queryable = {
              query: (sql, params) => {
                if (!open) return Promise.reject(new Error('This transaction has already ended'));
                return run(sql, params);
              },
            };
            await lite.query('begin');
            try {
              const result = await fn(tx);
              await lite.query('commit');
              return result;
            } catch (error) {
              await lite.query('rollback').catch(() => undefined);
              throw error;
            } finally {
              open = false;
            }
          }),
        migrate: (scope, migrations) =>
          exclusive(schema, () => runMigrations(session, service, scope, migrations)),
        ping: async () => {
          await exclusive(schema, () => run('select 1'));
        },
        poolStats: () => ({ total: 1, idle: mutex.held ? 0 : 1, waiting: mutex.waiting }),
        // The instance is shared: a service letting go of its handle must not close it for the others.
        close: async () => {},
      };
    },
    close: () =>
      mutex.run(async () => {
        if (closed) return;
        closed = true;
        await lite.close();
      }),
  };
}

// PGlite reports `affectedRows` for writes (0 for reads); callers expect rows returned or affected.
function toQueryResult<R>(result: Results<R>): QueryResult<R> {
  return { rows: result.rows, rowCount: Math.max(result.rows.length, result.affectedRows ?? 0) };
}
