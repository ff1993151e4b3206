import { createTransport } from 'nodemailer';
import type { MailTransport } from '../domain/ports.ts';

export interface SmtpOptions {
  /** `smtp://host:port` or `smtps://user:pass@host:port`. */
  url: string;
  /** `Name <address>` every email is sent from. */
  from: string;
  /** Applied to connecting, the greeting and every wait on the socket. */
  timeoutMs: number;
  /** Domain of the Message-ID, e.g. `comptoir.local`. */
  messageIdDomain: string;
}

/**
 * SMTP through nodemailer, one connection per message: verification emails are few, and a fresh
 * connection recovers from a restarted server by itself.
 */
export function smtpTransport(options: SmtpOptions): MailTransport {
  const transporter = createTransport(
    {
      url: options.url,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    },
    { from: options.from },
  );
  return {
    kind: 'smtp',
    async send(email) {
      await transporter.sendMail({
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        // Stable across retries: if a retry repeats a message the server had in fact taken,
        // mail clients see the same Message-ID and can fold the two.
        messageId: `<${email.id}@${options.messageIdDomain}>`,
      });
    },
    close: () => transporter.close(),
  };
}
