import type { MailTransport } from '../domain/ports.ts';
import { mailboxTransport } from './mailbox.transport.ts';
import { smtpTransport } from './smtp.transport.ts';

export interface TransportSettings {
  COMPTOIR_SMTP_URL?: string | undefined;
  NOTIFICATIONS_FROM: string;
  NOTIFICATIONS_SEND_TIMEOUT_MS: number;
}

/** SMTP when `COMPTOIR_SMTP_URL` is set, else the dev mailbox (ARCHITECTURE.md §7). */
export function transportFor(config: TransportSettings): MailTransport {
  if (!config.COMPTOIR_SMTP_URL) return mailboxTransport();
  return smtpTransport({
    url: config.COMPTOIR_SMTP_URL,
    from: config.NOTIFICATIONS_FROM,
    timeoutMs: config.NOTIFICATIONS_SEND_TIMEOUT_MS,
    messageIdDomain: domainOf(config.NOTIFICATIONS_FROM),
  });
}

/** The domain of the sender address (`Comptoir <no-reply@comptoir.local>` → `comptoir.local`). */
function domainOf(from: string): string {
  return /@([^>\s]+)/.exec(from)?.[1] ?? 'comptoir.local';
}
