import type { Queryable } from '@comptoir/platform';
import type { SessionReader, SessionWriter } from '../domain/ports.ts';
import { placeholders, SESSION_COLUMNS, type SessionRow, sessionParams, toSession } from './rows.ts';

export function sessionReader(db: Queryable): SessionReader {
  return {
    async find(id) {
      const { rows } = await db.query<SessionRow>(
        `select ${SESSION_COLUMNS} from cash_session where id = $1`,
        [id],
      );
      return rows[0] ? toSession(rows[0]) : undefined;
    },
    async listByRegister(registerId, { status, beforeId, take }) {
      const { rows } = await db.query<SessionRow>(
        `select ${SESSION_COLUMNS} from cash_session
          where register_id = $1 and ($2::text is null or status = $2) and ($3::text is null or id < $3)
          order by id desc limit $4`,
        [registerId, status ?? null, beforeId ?? null, take],
      );
      return rows.map(toSession);
    },
  };
}

export function sessionWriter(tx: Queryable): SessionWriter {
  return {
    async open(session) {
      // A racing open makes this insert wait for the other transaction; once that one commits,
      // the insert is skipped and the next statement sees the session that won. If the winner is
      // already closed again by then, there is room: try once more.
      for (let attempt = 0; attempt < 3; attempt++) {
        const { rowCount } = await tx.query(
          `insert into cash_session (${SESSION_COLUMNS}) values (${placeholders(14)})
           on conflict (register_id) where status = 'open' do nothing`,
          sessionParams(session),
        );
        if (rowCount === 1) return { opened: true };
        const { rows } = await tx.query<{ id: string }>(
          `select id from cash_session where register_id = $1 and status = 'open'`,
          [session.registerId],
        );
        if (rows[0]) return { opened: false, openSessionId: rows[0].id };
      }
      throw new Error(`Could not open a session on ${session.registerId}: it kept opening and closing`);
    },
    async lock(id) {
      const { rows } = await tx.query<SessionRow>(
        `select ${SESSION_COLUMNS} from cash_session where id = $1 for update`,
        [id],
      );
      return rows[0] ? toSession(rows[0]) : undefined;
    },
    async close(session) {
      await tx.query(
        `update cash_session set status = $2, closed_at = $3, closed_by = $4, expected_cash = $5,
           counted_cash = $6, difference_cents = $7, close_note = $8
         where id = $1`,
        [
          session.id,
          session.status,
          session.closedAt,
          session.closedBy,
          session.expectedCash?.amount ?? null,
          session.countedCash?.amount ?? null,
          session.differenceCents,
          session.closeNote,
        ],
      );
    },
  };
}
