import { type Db, type Logger, pruneInbox, startPeriodic } from '@comptoir/platform';

const EVERY_MS = 10 * 60_000;

/**
 * Forgets settled emails (sent or failed) older than `retentionMs` — their bodies hold links
 * that expired long since — and the inbox records redelivery can no longer need. The email's
 * unique event id keeps guarding against duplicates for as long as the email is kept.
 */
export async function forgetOldRecords(
  db: Db,
  retentionMs: number,
): Promise<{ emails: number; inbox: number }> {
  const { rowCount } = await db.query(
    `delete from emails
     where status <> 'pending' and created_at < now() - $1::bigint * interval '1 millisecond'`,
    [retentionMs],
  );
  return { emails: rowCount, inbox: await pruneInbox(db) };
}

export interface Retention {
  /** Sent and failed emails. */
  emailsMs: number;
  /** Tracked orders nothing happened to. */
  ordersMs: number;
  forgetOrders(olderThanMs: number): Promise<number>;
}

/**
 * Runs `forgetOldRecords` and forgets orders past their tracking retention at start, then every
 * ten minutes; returns the function that stops it.
 */
export function startHousekeeping(db: Db, retention: Retention, log: Logger): () => Promise<void> {
  return startPeriodic(
    'notifications housekeeping',
    EVERY_MS,
    async () => {
      const deleted = {
        ...(await forgetOldRecords(db, retention.emailsMs)),
        orders: await retention.forgetOrders(retention.ordersMs),
      };
      if (deleted.emails + deleted.inbox + deleted.orders > 0) log.debug(deleted, 'old records deleted');
    },
    log,
  );
}
