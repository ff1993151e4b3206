import type { ServiceContext } from '@comptoir/platform';
import { Counter } from 'prom-client';
import type { DeliveryObserver } from './domain/delivery.ts';
import type { MailTransport } from './domain/ports.ts';

/** Logs and counts what the delivery loop does: emails sent, attempts failed, emails given up. */
export function deliveryObserver(
  { log, metrics }: Pick<ServiceContext<unknown>, 'log' | 'metrics'>,
  transport: MailTransport['kind'],
): DeliveryObserver {
  const registers = [metrics.registry];
  const sent = new Counter({
    name: 'emails_sent_total',
    help: 'Emails accepted by the transport (SMTP server or dev mailbox).',
    labelNames: ['transport'] as const,
    registers,
  });
  // Shown as 0 from the start, so a dashboard's rate() has a series before the first email.
  sent.inc({ transport }, 0);
  const failedAttempts = new Counter({
    name: 'email_attempts_failed_total',
    help: 'Send attempts that failed; all but an email’s last are retried.',
    registers,
  });
  const failed = new Counter({
    name: 'emails_failed_total',
    help: 'Emails given up after their last attempt (status failed).',
    registers,
  });
  // Recipients are personal data: logs name the email by id, never by address.
  return {
    sent(email, transport) {
      sent.inc({ transport });
      log.info({ emailId: email.id, attempt: email.attempt, transport }, 'email sent');
    },
    attemptFailed(email, error, retryAt) {
      failedAttempts.inc();
      if (retryAt) {
        log.warn(
          { emailId: email.id, attempt: email.attempt, error, retryAt },
          'email attempt failed: will retry',
        );
      } else {
        failed.inc();
        log.error({ emailId: email.id, attempt: email.attempt, error }, 'email failed: no attempts left');
      }
    },
    passFailed(error, failures) {
      if (failures === 1 || failures % 20 === 0) {
        log.warn({ err: error, failures }, 'email delivery pass failed: retrying');
      }
    },
  };
}
