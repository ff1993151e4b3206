import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, createEmbeddedPostgres, type Db } from '../src/db/index.ts';
import { migrateService } from '../src/service/migrate.ts';

// A migration Job runs the service's own main.ts with `migrate` (or COMPTOIR_MIGRATE_ONLY=true):
// it must apply the migrations and exit, on PGlite files as on a PostgreSQL server.
const serverUrl = process.env.COMPTOIR_DATABASE_URL;
const main = fileURLToPath(new URL('./fixtures/migrate-only/main.ts', import.meta.url));
const migrations = new URL('./fixtures/migrate-only/migrations/', import.meta.url);

let dataDir: string;
const databases: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'comptoir-migrate-only-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  if (serverUrl && databases.length > 0) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    for (const database of databases) await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.end();
  }
});

/** A service name of its own per test: its database (`comptoir_<name>`) or PGlite folder is fresh. */
function freshService(): string {
  const name = `ledger_${randomBytes(4).toString('hex')}`;
  databases.push(`comptoir_${name}`);
  return name;
}

function env(service: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.COMPTOIR_MIGRATE_ONLY;
  return {
    ...base,
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
    COMPTOIR_DATA_DIR: dataDir,
    FIXTURE_SERVICE: service,
    ...extra,
  };
}

/** Runs the fixture service's main.ts to its end; a run that serves instead never ends (test timeout). */
function run(args: string[], environment: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { env: environment });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** The fixture service's database, opened the way the service opens it. */
async function withDb<T>(service: string, fn: (db: Db) => Promise<T>): Promise<T> {
  if (serverUrl) {
    const db = await createDb({ service, url: serverUrl });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  const embedded = await createEmbeddedPostgres({ dataDir: join(dataDir, service) });
  try {
    return await fn(embedded.database(service));
  } finally {
    await embedded.close();
  }
}

const versions = (db: Db, scope: string) =>
  db
    .query<{ version: number }>('select version from _migrations where scope = $1 order by version', [scope])
    .then((result) => result.rows.map((row) => row.version));

// Each test starts a process (tsx) and, embedded, a PGlite or two: slow on a busy machine.
describe(`migrate-only (${serverUrl ? 'PostgreSQL server' : 'embedded PGlite'})`, {
  timeout: 120_000,
}, () => {
  it('a service started with `migrate` applies its migrations and the kit’s, then exits 0 without serving', async () => {
    const service = freshService();
    const result = await run(['migrate'], env(service));
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('the schema is up to date');
    await withDb(service, async (db) => {
      expect(await versions(db, service)).toEqual([1, 2]);
      expect((await versions(db, 'platform.outbox')).length).toBeGreaterThan(0);
      expect((await versions(db, 'platform.inbox')).length).toBeGreaterThan(0);
      await db.query("insert into entry (id, amount, note) values ('e1', 100, 'opening float')");
    });
  });

  it('COMPTOIR_MIGRATE_ONLY=true does the same, and a second run finds nothing left to apply', async () => {
    const service = freshService();
    const first = await run([], env(service, { COMPTOIR_MIGRATE_ONLY: 'true' }));
    expect(first.code, first.output).toBe(0);
    const again = await migrateService(
      { name: service, defaultPort: 0, migrations, setup: () => undefined },
      { env: env(service) },
    );
    expect(again).toEqual({ 'platform.outbox': [], 'platform.inbox': [], [service]: [] });
  });

  it('a migration that fails makes the run exit 1, naming it, with the versions before it kept', async () => {
    const service = freshService();
    const result = await run(['migrate'], env(service, { FIXTURE_MIGRATIONS: 'broken' }));
    expect(result.code).toBe(1);
    expect(result.output).toContain(`${service}/002_entry_note failed`);
    await withDb(service, async (db) => {
      expect(await versions(db, service)).toEqual([1]);
    });
  });

  it('a service without a database has nothing to migrate', async () => {
    const applied = await migrateService({
      name: 'edge',
      defaultPort: 0,
      needs: { db: false },
      setup: () => undefined,
    });
    expect(applied).toEqual({});
  });
});
