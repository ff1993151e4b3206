import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/types.ts';
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
});
