import { EmailId, MailboxEmail, MailboxEmailSummary } from '@comptoir/contracts';
import { Cursor, type HttpApp, Limit, PageOf, problems, type Role, Type } from '@comptoir/platform';
import type { Mailbox } from '../domain/mailbox.ts';

const tags = ['mailbox'];

const MailboxQuery = Type.Object({
  to: Type.Optional(
    Type.String({ minLength: 3, maxLength: 254, description: 'Only emails to this address (any case).' }),
  ),
  limit: Limit,
  cursor: Type.Optional(Cursor),
});

export interface MailboxAccess {
  /** True with the embedded dev mailbox; with real SMTP the mailbox is an admin's delivery log. */
  open: boolean;
}

/**
 * The mailbox: every email the service wrote, newest first. Open to anyone when embedded, so a
 * newcomer can follow a verification link; admin-only with real SMTP, because the messages carry
 * live links (a verification token is as good as the inbox it was sent to).
 */
export function mailboxRoutes(app: HttpApp, mailbox: Mailbox, access: MailboxAccess): void {
  const config: { public?: boolean; roles?: readonly Role[] } = access.open
    ? { public: true }
    : { roles: ['admin'] };
  const who = access.open
    ? 'Public: this deployment uses the embedded dev mailbox.'
    : 'Admins only: this deployment sends through SMTP.';

  app.get(
    '/mailbox',
    {
      config,
      schema: {
        summary: 'List emails, newest first',
        description: `Emails the service queued, with their delivery status. ${who}`,
        tags,
        operationId: 'listMailbox',
        querystring: MailboxQuery,
        response: { 200: PageOf(MailboxEmailSummary, 'MailboxPage'), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      // Messages carry single-use links: keep them out of shared caches.
      reply.header('cache-control', 'no-store');
      return mailbox.list(request.query);
    },
  );

  app.get(
    '/mailbox/:id',
    {
      config,
      schema: {
        summary: 'Read one email, with its text and HTML parts',
        description: who,
        tags,
        operationId: 'getMailboxEmail',
        params: Type.Object({ id: EmailId }),
        response: { 200: MailboxEmail, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return mailbox.get(request.params.id);
    },
  );
}
