import { type Db, type Logger, startPeriodic } from '@comptoir/platform';

const EVERY_MS = 10 * 60_000;

/**
 * Forgets answered idempotency keys older than `retentionMs`: past that, a retry with the key is
 * a new request. Keys without an answer stay, for their sale or return may still be resumed.
 */
export async function forgetOldKeys(db: Db, retentionMs: number): Promise<number> {
  const { rowCount } = await db.query(
    `delete from idempotency_key
      where response_status is not null and created_at < now() - $1::bigint * interval '1 millisecond'`,
    [retentionMs],
  );
  return rowCount;
}

/** Runs `forgetOldKeys` at start, then every ten minutes; returns the function that stops it. */
export function startHousekeeping(db: Db, retentionMs: number, log: Logger): () => Promise<void> {
  return startPeriodic(
    'idempotency-key housekeeping',
    EVERY_MS,
    async () => {
      const deleted = await forgetOldKeys(db, retentionMs);
      if (deleted > 0) log.debug({ deleted }, 'old idempotency keys deleted');
    },
    log,
  );
}
