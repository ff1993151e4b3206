import type { MailboxEmail, MailboxEmailSummary } from '@comptoir/contracts';
import { pageOf } from '@comptoir/platform';
import { cursor } from './cursor.ts';
import { emailNotFound } from './errors.ts';
import type { MailboxReader } from './ports.ts';

export interface MailboxQuery {
  to?: string;
  limit: number;
  cursor?: string;
}

/** Every email the service has written, newest first: the dev mailbox, or an admin's delivery log. */
export class Mailbox {
  constructor(private readonly reader: MailboxReader) {}

  async list(query: MailboxQuery): Promise<{ items: MailboxEmailSummary[]; nextCursor: string | null }> {
    const before = cursor.decode(query.cursor);
    // One row more than asked: it only says another page follows.
    const rows = await this.reader.list({
      take: query.limit + 1,
      ...(query.to ? { to: query.to } : {}),
      ...(before ? { before } : {}),
    });
    return pageOf(
      rows,
      query.limit,
      (row) => row,
      (row) => cursor.encode(row.id),
    );
  }

  async get(id: string): Promise<MailboxEmail> {
    const email = await this.reader.get(id);
    if (!email) throw emailNotFound(id);
    return email;
  }
}
