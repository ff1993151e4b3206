import type { Queryable } from '@comptoir/platform';
import type { IdempotencyWriter } from '../domain/ports.ts';

export function idempotencyWriter(tx: Queryable): IdempotencyWriter {
  return {
    async claim({ scope, subject, key }, requestHash) {
      // A transaction holding the same key makes this insert wait until it ends: then either its
      // answer is there to read, or it rolled back and this one takes the key.
      const { rowCount } = await tx.query(
        `insert into idempotency_key (scope, subject, key, request_hash) values ($1, $2, $3, $4)
         on conflict do nothing`,
        [scope, subject, key, requestHash],
      );
      if (rowCount > 0) return undefined;
      const { rows } = await tx.query<{ request_hash: string; status_code: number; response: unknown }>(
        'select request_hash, status_code, response from idempotency_key where scope = $1 and subject = $2 and key = $3',
        [scope, subject, key],
      );
      const row = rows[0];
      if (!row) throw new Error(`Idempotency key ${scope}/${key} neither claimed nor found`);
      return { requestHash: row.request_hash, status: row.status_code, body: row.response };
    },
    async remember({ scope, subject, key }, status, body) {
      await tx.query(
        `update idempotency_key set status_code = $4, response = $5::jsonb
         where scope = $1 and subject = $2 and key = $3`,
        [scope, subject, key, status, JSON.stringify(body)],
      );
    },
    async prune(hours) {
      const { rowCount } = await tx.query(
        `delete from idempotency_key where created_at < now() - $1::integer * interval '1 hour'`,
        [hours],
      );
      return rowCount;
    },
  };
}
