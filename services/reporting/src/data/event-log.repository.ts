import type { Db, Queryable } from '@comptoir/platform';
import type { EventLog, LoggedEvent, Projections, Rebuilder } from '../domain/ports.ts';
import { PROJECTION_TABLES, projections } from './projections.repository.ts';

/** The log of every event folded, on the event's transaction. */
export function eventLog(tx: Queryable): EventLog {
  return {
    async append(event) {
      const { rowCount } = await tx.query(
        `insert into event_log (event_id, type, subject, data) values ($1, $2, $3, $4)
         on conflict (event_id) do nothing`,
        [event.id, event.type, event.subject, JSON.stringify(event.data)],
      );
      return rowCount === 1;
    },
  };
}

const BATCH = 500;

interface LogRow {
  seq: number;
  event_id: string;
  type: string;
  subject: string | null;
  data: unknown;
}

/**
 * A rebuild in one transaction: the log is locked against new entries (a live event waits, then
 * folds into the rebuilt models), the read models are emptied and every logged event is folded
 * again in the order it was first handled. Readers wait for it (the models are truncated), and never
 * see them half rebuilt; a failure rolls everything back to the figures before.
 */
export function rebuilder(db: Db): Rebuilder {
  return {
    rebuild(fold: (event: LoggedEvent, projections: Projections) => Promise<void>) {
      return db.transaction(async (tx) => {
        await tx.query('lock table event_log in share mode');
        await tx.query(`truncate ${PROJECTION_TABLES.join(', ')}`);
        const target = projections(tx);
        let after = 0;
        let events = 0;
        for (;;) {
          const { rows } = await tx.query<LogRow>(
            'select seq, event_id, type, subject, data from event_log where seq > $1 order by seq limit $2',
            [after, BATCH],
          );
          for (const row of rows) {
            await fold({ id: row.event_id, type: row.type, subject: row.subject, data: row.data }, target);
          }
          events += rows.length;
          if (rows.length < BATCH) return { events };
          after = rows[rows.length - 1]?.seq ?? after;
        }
      });
    },
  };
}
