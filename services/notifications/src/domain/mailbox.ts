import type { MailboxEmail, MailboxEmailSummary } from '@comptoir/contracts';
import { decodeCursor, encodeCursor } from './cursor.ts';
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
    const before = decodeCursor(query.cursor);
    // One row more than asked: it only says another page follows.
    const rows = await this.reader.list({
      take: query.limit + 1,
      ...(query.to ? { to: query.to } : {}),
      ...(before ? { before } : {}),
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null };
  }

  async get(id: string): Promise<MailboxEmail> {
    const email = await this.reader.get(id);
    if (!email) throw emailNotFound(id);
    return email;
  }
}
