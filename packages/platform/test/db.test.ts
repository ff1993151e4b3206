import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDb,
  createEmbeddedPostgres,
  type Db,
  type EmbeddedPostgres,
  loadMigrations,
  type Migration,
} from '../src/db/index.ts';
import { testDatabase } from '../src/testing/db.ts';

const serverUrl = process.env.COMPTOIR_DATABASE_URL;
const unique = (prefix: string) => `${prefix}_${randomBytes(3).toString('hex')}`;

/** Opens `count` handles on one fresh database of a service, on one kind of server. */
interface Backend {
  name: string;
  handles(service: string, count: number): Promise<Db[]>;
}

let embedded: EmbeddedPostgres;
const toDrop: string[] = [];
const toClose: Db[] = [];

beforeAll(async () => {
  embedded = await createEmbeddedPostgres();
});

afterAll(async () => {
  await embedded.close();
  await Promise.all(toClose.map((db) => db.close()));
  if (serverUrl) await withAdmin(serverUrl, (admin) => dropAll(admin, toDrop));
});

const backends: Backend[] = [
  {
    name: 'embedded PGlite',
    handles: async (service, count) => {
      const name = unique(service);
      return Array.from({ length: count }, () => embedded.database(name));
    },
  },
];
if (serverUrl) {
  backends.push({
    name: 'PostgreSQL server',
    handles: async (service, count) => {
      const database = unique(`comptoir_test_${service}`);
      toDrop.push(database);
      const dbs: Db[] = [];
      for (let i = 0; i < count; i++) dbs.push(await createDb({ service, url: serverUrl, database }));
      toClose.push(...dbs);
      return dbs;
    },
  });
}

const productTable: Migration[] = [
  { version: 1, name: 'create_product', sql: 'create table product (sku text primary key, name text);' },
  {
    version: 2,
    name: 'add_price',
    sql: 'alter table product add column price_cents int not null default 0;',
  },
];

describe.each(backends)('on the $name', (backend) => {
  const open = async (service: string) => (await backend.handles(service, 1))[0]!;

  it('runs parameterised statements and counts the rows returned or changed', async () => {
    const db = await open('catalog');
    await db.migrate('catalog', productTable);
    const insert = await db.query('insert into product (sku, name) values ($1, $2), ($3, $4)', [
      'A-1',
      'Café',
      'B-2',
      'Thé',
    ]);
    expect(insert.rowCount).toBe(2);
    const { rows, rowCount } = await db.query<{ name: string }>('select name from product where sku = $1', [
      'B-2',
    ]);
    expect(rows).toEqual([{ name: 'Thé' }]);
    expect(rowCount).toBe(1);
  });

  it('returns count(*) and bigint as numbers, numeric as an exact string', async () => {
    const db = await open('catalog');
    const { rows } = await db.query('select count(*) as n, 12.30::numeric(10,2) as amount');
    expect(rows[0]).toEqual({ n: 1, amount: '12.30' });
  });

  it('commits a transaction when its function resolves', async () => {
    const db = await open('catalog');
    await db.migrate('catalog', productTable);
    const result = await db.transaction(async (tx) => {
      await tx.query("insert into product (sku) values ('A-1')");
      await tx.query("insert into product (sku) values ('B-2')");
      return 'done';
    });
    expect(result).toBe('done');
    expect((await db.query('select sku from product order by sku')).rows).toEqual([
      { sku: 'A-1' },
      { sku: 'B-2' },
    ]);
  });

  it('rolls a transaction back when its function throws, and rethrows', async () => {
    const db = await open('catalog');
    await db.migrate('catalog', productTable);
    const failing = db.transaction(async (tx) => {
      await tx.query("insert into product (sku) values ('A-1')");
      throw new Error('payment declined');
    });
    await expect(failing).rejects.toThrow('payment declined');
    expect((await db.query('select sku from product')).rowCount).toBe(0);
  });

  it('applies migrations in version order, and nothing when run again', async () => {
    const db = await open('catalog');
    const shuffled = [productTable[1]!, productTable[0]!];
    expect(await db.migrate('catalog', shuffled)).toEqual({ applied: [1, 2] });
    expect(await db.migrate('catalog', shuffled)).toEqual({ applied: [] });
    const third = { version: 3, name: 'seed', sql: "insert into product (sku) values ('A-1');" };
    expect(await db.migrate('catalog', [...productTable, third])).toEqual({ applied: [3] });
    const { rows } = await db.query('select version, name from _migrations order by version');
    expect(rows).toEqual([
      { version: 1, name: 'create_product' },
      { version: 2, name: 'add_price' },
      { version: 3, name: 'seed' },
    ]);
  });

  it('keeps the versions of each scope apart', async () => {
    const db = await open('catalog');
    await db.migrate('catalog', productTable);
    const outbox = [{ version: 1, name: 'create_outbox', sql: 'create table outbox (id int);' }];
    expect(await db.migrate('outbox', outbox)).toEqual({ applied: [1] });
  });

  it('refuses an applied migration whose SQL was edited, naming it', async () => {
    const db = await open('catalog');
    await db.migrate('catalog', productTable);
    const edited = [
      productTable[0]!,
      { ...productTable[1]!, sql: 'alter table product add column price int;' },
    ];
    await expect(db.migrate('catalog', edited)).rejects.toThrow(/catalog\/002_add_price was changed/);
  });

  it('rolls back a failing migration entirely and names it', async () => {
    const db = await open('catalog');
    const broken = { version: 3, name: 'broken', sql: 'create table extra (id int); select * from missing;' };
    await expect(db.migrate('catalog', [...productTable, broken])).rejects.toThrow(
      /catalog\/003_broken failed/,
    );
    expect((await db.query("select to_regclass('extra') as t")).rows).toEqual([{ t: null }]);
    expect((await db.query('select version from _migrations order by version')).rows).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
  });

  it('when three replicas migrate the same scope at once, each migration is applied exactly once', async () => {
    const replicas = await backend.handles('ordering', 3);
    const slow: Migration[] = [
      // Not idempotent on purpose: running any of these twice would fail.
      {
        version: 1,
        name: 'create_order',
        sql: 'create table orders (id int primary key); select pg_sleep(0.05);',
      },
      { version: 2, name: 'seed', sql: 'insert into orders values (1); select pg_sleep(0.05);' },
    ];
    const results = await Promise.all(replicas.map((db) => db.migrate('ordering', slow)));
    expect(results.flatMap((result) => result.applied).sort()).toEqual([1, 2]);
    const db = replicas[0]!;
    expect((await db.query('select count(*) as n from orders')).rows).toEqual([{ n: 1 }]);
    expect((await db.query('select count(*) as n from _migrations')).rows).toEqual([{ n: 2 }]);
  });

  it('removes accents with unaccent and ranks near matches with pg_trgm', async () => {
    const db = await open('catalog');
    const { rows } = await db.query<{ plain: string; similar: boolean }>(
      "select unaccent('Café') as plain, similarity('croissant', 'croisant') > 0.5 as similar",
    );
    expect(rows).toEqual([{ plain: 'Cafe', similar: true }]);
  });
});

describe('the embedded database shared by several services', () => {
  it('gives each service a schema of its own: neither sees the other’s tables', async () => {
    const catalog = embedded.database(unique('catalog'));
    const cart = embedded.database(unique('cart'));
    await Promise.all([catalog.migrate('catalog', productTable), cart.migrate('cart', [])]);
    await catalog.query("insert into product (sku) values ('A-1')");
    await expect(cart.query('select * from product')).rejects.toThrow(/does not exist/);
    await cart.query('create table product (sku text)');
    expect((await cart.query('select * from product')).rowCount).toBe(0);
    expect((await catalog.query('select * from product')).rowCount).toBe(1);
  });

  it('queues statements on its single connection and reports them as waiting', async () => {
    const db = embedded.database(unique('reporting'));
    const pending = Promise.all([
      db.query('select pg_sleep(0.05)'),
      db.query('select 1'),
      db.query('select 2'),
    ]);
    expect(db.poolStats().waiting).toBeGreaterThanOrEqual(2);
    await pending;
    expect(db.poolStats()).toEqual({ total: 1, idle: 1, waiting: 0 });
  });

  it('fails instead of deadlocking when a transaction uses the Db handle rather than `tx`', async () => {
    const db = embedded.database(unique('cart'));
    const misuse = db.transaction(async () => db.query('select 1'));
    await expect(misuse).rejects.toThrow(/use.*`tx`|on the `tx` argument/);
    expect((await db.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('is required when no server url is given', async () => {
    await expect(createDb({ service: 'catalog' })).rejects.toThrow(/No database for service "catalog"/);
  });
});

describe.runIf(serverUrl)('a PostgreSQL server', () => {
  it('gets a missing service database created, even by two processes at once', async () => {
    const url = serverUrl!;
    const database = unique('comptoir_test_identity');
    toDrop.push(database);
    const dbs = await Promise.all([1, 2].map(() => createDb({ service: 'identity', url, database })));
    toClose.push(...dbs);
    const exists = await withAdmin(url, (admin) =>
      admin.query('select 1 from pg_database where datname = $1', [database]),
    );
    expect(exists.rowCount).toBe(1);
    for (const db of dbs) {
      expect(db.kind).toBe('postgres');
      expect((await db.query('select current_database() as name')).rows).toEqual([{ name: database }]);
    }
  });
});

describe('testDatabase', () => {
  it('gives a working database, and on a server drops it when closed', async () => {
    // A name no other suite uses: test files running beside this one open their own databases.
    const db = await testDatabase('dropcheck');
    await db.migrate('dropcheck', productTable);
    expect((await db.query('select count(*) as n from product')).rows).toEqual([{ n: 0 }]);
    await db.close();
    if (serverUrl) {
      const left = await withAdmin(serverUrl, (admin) =>
        admin.query("select datname from pg_database where datname like 'comptoir_test_dropcheck_%'"),
      );
      expect(left.rows).toEqual([]);
    }
  });
});

describe('loadMigrations', () => {
  const folder = async (files: Record<string, string>) => {
    const dir = await mkdtemp(join(tmpdir(), 'comptoir-migrations-'));
    await Promise.all(Object.entries(files).map(([name, sql]) => writeFile(join(dir, name), sql)));
    return dir;
  };

  it('reads NNN_name.sql files in version order and ignores other files', async () => {
    const dir = await folder({ '010_add_price.sql': 'b', '002_create_product.sql': 'a', 'README.md': '#' });
    expect(await loadMigrations(dir)).toEqual([
      { version: 2, name: 'create_product', sql: 'a' },
      { version: 10, name: 'add_price', sql: 'b' },
    ]);
    await rm(dir, { recursive: true });
  });

  it('rejects a badly named migration file', async () => {
    const dir = await folder({ '1-create.sql': '' });
    await expect(loadMigrations(dir)).rejects.toThrow(/"1-create.sql" .* is not named NNN_name.sql/);
    await rm(dir, { recursive: true });
  });

  it('rejects two files with the same version', async () => {
    const dir = await folder({ '001_a.sql': '', '0001_b.sql': '' });
    await expect(loadMigrations(dir)).rejects.toThrow(/share version 1/);
    await rm(dir, { recursive: true });
  });
});

async function withAdmin<T>(url: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

async function dropAll(admin: pg.Client, databases: readonly string[]): Promise<void> {
  for (const database of databases) await admin.query(`drop database if exists "${database}" with (force)`);
}
