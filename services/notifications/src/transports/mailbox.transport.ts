import type { MailTransport } from '../domain/ports.ts';

/**
 * The embedded default: the message already sits in the `emails` table, which is the dev
 * mailbox, so handing it over is only marking it delivered there. Nothing leaves the process.
 */
export function mailboxTransport(): MailTransport {
  return { kind: 'mailbox', send: async () => {}, close: () => {} };
}
