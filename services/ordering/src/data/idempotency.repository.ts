import type { Queryable } from '@comptoir/platform';
import type { IdempotencyKeys, StoredKey } from '../domain/idempotency.ts';

interface KeyRow {
  operation: string;
  fingerprint: string;
  resource_id: string | null;
  locked_until: Date | string | null;
  response_status: number | null;
  response: unknown;
}

/** The idempotency keys table, inside one transaction (`tx`). */
export function idempotencyKeys(tx: Queryable): IdempotencyKeys {
  return {
    async insert(request, resourceId, lease, now) {
      // On a conflict PostgreSQL waits for the other inserter to commit or roll back, then skips:
      // of many concurrent first requests, exactly one inserts.
      const { rowCount } = await tx.query(
        `insert into idempotency_key (scope, key, operation, fingerprint, resource_id, holder, locked_until, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (scope, key) do nothing`,
        [
          request.scope,
          request.key,
          request.operation,
          request.fingerprint,
          resourceId,
          lease.holder,
          lease.until,
          now,
        ],
      );
      return rowCount === 1;
    },
    async lock(scope, key): Promise<StoredKey | undefined> {
      const { rows } = await tx.query<KeyRow>(
        `select operation, fingerprint, resource_id, locked_until, response_status, response
           from idempotency_key where scope = $1 and key = $2 for update`,
        [scope, key],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        operation: row.operation,
        fingerprint: row.fingerprint,
        resourceId: row.resource_id,
        lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
        answer: row.response_status === null ? null : { status: row.response_status, body: row.response },
      };
    },
    async takeOver(scope, key, lease) {
      await tx.query(
        'update idempotency_key set holder = $3, locked_until = $4 where scope = $1 and key = $2',
        [scope, key, lease.holder, lease.until],
      );
    },
    async complete(scope, key, answer) {
      await tx.query(
        `update idempotency_key
            set response_status = $3, response = $4::jsonb, holder = null, locked_until = null, completed_at = now()
          where scope = $1 and key = $2`,
        [scope, key, answer.status, JSON.stringify(answer.body)],
      );
    },
    async release(scope, key, holder) {
      await tx.query(
        `update idempotency_key set holder = null, locked_until = null
          where scope = $1 and key = $2 and holder = $3 and response_status is null`,
        [scope, key, holder],
      );
    },
    async forget(scope, key, holder) {
      await tx.query(
        'delete from idempotency_key where scope = $1 and key = $2 and holder = $3 and response_status is null',
        [scope, key, holder],
      );
    },
  };
}
