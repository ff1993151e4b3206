import { createHash } from 'node:crypto';
import type { Migration, Queryable } from './types.ts';

/**
 * One connection held for a whole migration run. Advisory locks belong to a session, so the
 * lock, the bookkeeping and every migration's transaction must run on the same connection.
 */
export interface MigrationSession extends Queryable {
  /** Runs a script of several statements (a migration file usually holds many). */
  exec(sql: string): Promise<void>;
}

const CREATE_TABLE = `create table if not exists _migrations (
  scope text not null,
  version int not null,
  name text not null,
  checksum text not null,
  applied_at timestamptz not null default now(),
  primary key (scope, version)
)`;

/** The SHA-256 of a migration's SQL, recorded so a file edited after it ran is noticed. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** A stable signed 64-bit advisory-lock key for a service (`pg_advisory_lock(bigint)`). */
export function advisoryLockKey(service: string): string {
  const digest = createHash('sha256').update(`comptoir:migrate:${service}`).digest();
  return digest.readBigInt64BE(0).toString();
}

/**
 * Applies the pending migrations of `scope` in version order, each in its own transaction,
 * while holding the service's advisory lock: replicas starting together wait for each other
 * and find the work done. A migration that was applied with different SQL is refused.
 * @returns the versions applied by this call (empty when already up to date)
 */
export async function runMigrations(
  session: MigrationSession,
  service: string,
  scope: string,
  migrations: readonly Migration[],
): Promise<{ applied: number[] }> {
  const ordered = inVersionOrder(scope, migrations);
  const lockKey = advisoryLockKey(service);
  await session.query('select pg_advisory_lock($1::bigint)', [lockKey]);
  try {
    // Under the lock: two sessions racing on `create table if not exists` can both fail.
    await session.query(CREATE_TABLE);
    const { rows } = await session.query<{ version: number; name: string; checksum: string }>(
      'select version, name, checksum from _migrations where scope = $1',
      [scope],
    );
    const done = new Map(rows.map((row) => [row.version, row]));
    const applied: number[] = [];
    for (const migration of ordered) {
      const checksum = checksumOf(migration.sql);
      const previous = done.get(migration.version);
      if (previous) {
        if (previous.checksum !== checksum) {
          throw new Error(
            `Migration ${label(scope, migration)} was changed after it was applied ` +
              `(as "${previous.name}"): add a new migration instead of editing an applied one`,
          );
        }
        continue;
      }
      await applyOne(session, scope, migration, checksum);
      applied.push(migration.version);
    }
    return { applied };
  } finally {
    await session.query('select pg_advisory_unlock($1::bigint)', [lockKey]);
  }
}

async function applyOne(
  session: MigrationSession,
  scope: string,
  migration: Migration,
  checksum: string,
): Promise<void> {
  await session.query('begin');
  try {
    await session.exec(migration.sql);
    await session.query('insert into _migrations (scope, version, name, checksum) values ($1, $2, $3, $4)', [
      scope,
      migration.version,
      migration.name,
      checksum,
    ]);
    await session.query('commit');
  } catch (error) {
    // The migration's own error says what went wrong; a failed rollback would only hide it.
    await session.query('rollback').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${label(scope, migration)} failed: ${reason}`, { cause: error });
  }
}

function inVersionOrder(scope: string, migrations: readonly Migration[]): Migration[] {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((migration, i) => {
    if (!Number.isInteger(migration.version) || migration.version < 1) {
      throw new Error(`Migration ${label(scope, migration)} has an invalid version: use a positive integer`);
    }
    if (i > 0 && ordered[i - 1]?.version === migration.version) {
      throw new Error(`Two migrations of scope "${scope}" share version ${migration.version}`);
    }
  });
  return ordered;
}

function label(scope: string, migration: Migration): string {
  return `${scope}/${String(migration.version).padStart(3, '0')}_${migration.name}`;
}
