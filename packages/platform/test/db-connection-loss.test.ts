import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/types.ts';
import { createHttpApp } from '../src/http/app.ts';
import { createLogger } from '../src/logging/logger.ts';
import { createMetrics } from '../src/metrics/metrics.ts';
import { testDatabase } from '../src/testing/db.ts';

const serverUrl = process.env.COMPTOIR_DATABASE_URL;

/**
 * PostgreSQL dropping a connection in the middle of a transaction — between two of its queries,
 * while the service awaits something else (the outbox relay awaits the broker's confirms there).
 * Only a real server can terminate a backend; embedded, there is nothing to drop.
 */
describe.skipIf(!serverUrl)('a transaction whose connection PostgreSQL drops', () => {
  let db: Db & { close(): Promise<void> };
  beforeAll(async () => {
    db = await testDatabase('connection-loss');
  });
  afterAll(() => db?.close());

  it('fails that transaction, leaves the process running, and the next one works', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      const attempt = db.transaction(async (tx) => {
        const [{ pid }] = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [
          { pid: number },
        ];
        await admin.query('select pg_terminate_backend($1)', [pid]);
        // The service is busy elsewhere while the server drops the connection.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await tx.query('select 1');
      });
      await expect(attempt).rejects.toThrow();
      await admin.end();
      expect(uncaught).toEqual([]);
      const after = await db.transaction((tx) => tx.query<{ one: number }>('select 1 as one'));
      expect(after.rows).toEqual([{ one: 1 }]);
    } finally {
      process.off('uncaughtException', record);
    }
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After while its database refuses connections, then serves again', async () => {
    const app = await createHttpApp({
      service: 'demo',
      version: '1.0.0',
      logger: createLogger('demo', { level: 'silent', pretty: false }),
      metrics: createMetrics('demo'),
      readiness: {},
      bodyLimit: 1024,
    });
    app.get('/count', { config: { public: true } }, async () => {
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from pg_class');
      return { n: rows[0]?.n };
    });
    await app.ready();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const [{ name }] = (await db.query<{ name: string }>('select current_database() as name')).rows as [
      { name: string },
    ];
    try {
      expect((await app.inject({ method: 'GET', url: '/count' })).statusCode).toBe(200);
      // What an operator's maintenance or a failover looks like from the service: its
      // connections cut, new ones refused.
      await admin.query(`alter database "${name}" allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      const refused = await app.inject({ method: 'GET', url: '/count' });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.json()).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
      await admin.query(`alter database "${name}" allow_connections true`);
      expect((await app.inject({ method: 'GET', url: '/count' })).statusCode).toBe(200);
    } finally {
      await admin.query(`alter database "${name}" allow_connections true`);
      await admin.end();
      await app.close();
    }
  });
});
