import { type Db, type Logger, pruneInbox, startPeriodic } from '@comptoir/platform';

const EVERY_MS = 10 * 60_000;

/**
 * Forgets inbox records older than a week, every ten minutes: redelivery happens within minutes,
 * and the event log's key (the event id) still refuses an event counted twice after that.
 */
export function startHousekeeping(db: Db, log: Logger): () => Promise<void> {
  return startPeriodic(
    'inbox housekeeping',
    EVERY_MS,
    async () => {
      const deleted = await pruneInbox(db);
      if (deleted > 0) log.debug({ deleted }, 'old inbox records deleted');
    },
    log,
  );
}
