import type { EmailStatus, MailboxEmail, MailboxEmailSummary } from '@comptoir/contracts';
import type { Db, Queryable } from '@comptoir/platform';
import type { EmailQueue, MailboxReader, OutgoingEmail } from '../domain/ports.ts';

/** A rendered email for the event that asked for it. */
export interface NewEmail extends OutgoingEmail {
  eventId: string;
  eventType: string;
}

interface EmailRow {
  id: string;
  event_id: string;
  event_type: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: EmailStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const SUMMARY_COLUMNS = 'id, to_address, subject, status, event_type, created_at, sent_at';
// An SMTP error can quote a whole server reply; the start says what went wrong.
const MAX_ERROR_LENGTH = 1_000;

const summaryOf = (row: EmailRow): MailboxEmailSummary => ({
  id: row.id,
  to: row.to_address,
  subject: row.subject,
  status: row.status,
  eventType: row.event_type,
  createdAt: row.created_at.toISOString(),
  sentAt: row.sent_at ? row.sent_at.toISOString() : null,
});

export type EmailsRepository = ReturnType<typeof emailsRepository>;

/** The `emails` table: the queue the delivery loop drains, and the mailbox that lists it. */
export function emailsRepository(db: Db) {
  const queue: EmailQueue = {
    async claimDue(limit, leaseMs) {
      // One statement: the row locks last only while it runs; the pushed-back next_attempt_at is
      // what keeps other senders away until the attempt is settled or the lease runs out.
      const { rows } = await db.query<
        Pick<EmailRow, 'id' | 'to_address' | 'subject' | 'text_body' | 'html_body' | 'attempts'>
      >(
        `with due as (
           select id from emails
           where status = 'pending' and next_attempt_at <= now()
           order by next_attempt_at
           limit $1
           for update skip locked
         )
         update emails e
         set attempts = e.attempts + 1, next_attempt_at = now() + $2::bigint * interval '1 millisecond'
         from due where e.id = due.id
         returning e.id, e.to_address, e.subject, e.text_body, e.html_body, e.attempts`,
        [limit, leaseMs],
      );
      return rows.map((row) => ({
        id: row.id,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        attempt: row.attempts,
      }));
    },
    async markSent(email, transport) {
      // Not fenced by attempt: the message went out, whatever a later claim decided meanwhile.
      await db.query(
        `update emails set status = 'sent', sent_at = coalesce(sent_at, now()), transport = $2, last_error = null
         where id = $1`,
        [email.id, transport],
      );
    },
    async markAttemptFailed(email, error, retryAt) {
      // Fenced by attempt: the outcome of a claim whose lease ran out must not undo a newer one.
      await db.query(
        `update emails
         set status = case when $3::timestamptz is null then 'failed' else 'pending' end,
             next_attempt_at = coalesce($3::timestamptz, next_attempt_at),
             last_error = $4
         where id = $1 and attempts = $2 and status = 'pending'`,
        [email.id, email.attempt, retryAt ? retryAt.toISOString() : null, error.slice(0, MAX_ERROR_LENGTH)],
      );
    },
    async pendingCount() {
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from emails where status = 'pending'`,
      );
      return rows[0]?.n ?? 0;
    },
  };

  const reader: MailboxReader = {
    async list({ to, before, take }) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (to !== undefined) {
        params.push(to);
        where.push(`lower(to_address) = lower($${params.length})`);
      }
      if (before !== undefined) {
        params.push(before);
        where.push(`id < $${params.length}`);
      }
      params.push(take);
      const { rows } = await db.query<EmailRow>(
        `select ${SUMMARY_COLUMNS} from emails
         ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
         order by id desc limit $${params.length}`,
        params,
      );
      return rows.map(summaryOf);
    },
    async get(id) {
      const { rows } = await db.query<EmailRow>('select * from emails where id = $1', [id]);
      const row = rows[0];
      if (!row) return undefined;
      const email: MailboxEmail = {
        ...summaryOf(row),
        eventId: row.event_id,
        text: row.text_body,
        html: row.html_body,
        attempts: row.attempts,
        lastError: row.last_error,
      };
      return email;
    },
  };

  return {
    queue,
    reader,
    /** Queues an email in the caller's transaction; false when this event already has one. */
    async enqueue(tx: Queryable, email: NewEmail): Promise<boolean> {
      const { rowCount } = await tx.query(
        `insert into emails (id, event_id, event_type, to_address, subject, text_body, html_body)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (event_id) do nothing`,
        [email.id, email.eventId, email.eventType, email.to, email.subject, email.text, email.html],
      );
      return rowCount > 0;
    },
  };
}
