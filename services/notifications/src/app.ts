import { authenticated, ConfigError, defineService } from '@comptoir/platform';
import { NotificationsConfig } from './config.ts';
import { emailsRepository } from './data/emails.repository.ts';
import { startHousekeeping } from './data/housekeeping.ts';
import { deliveryObserver } from './delivery-observer.ts';
import { EmailDelivery } from './domain/delivery.ts';
import { Mailbox } from './domain/mailbox.ts';
import { templatedEmailHandler } from './events/templated-email.handler.ts';
import { mailboxRoutes } from './routes/mailbox.routes.ts';
import { emailedEventTypes } from './templates/registry.ts';
import { transportFor } from './transports/index.ts';

/** Emails sent on events — verification now, orders later — and the dev mailbox. */
export const notifications = defineService({
  name: 'notifications',
  description: 'Emails sent on events (address verification; order emails to come) and the dev mailbox.',
  defaultPort: 8109,
  config: NotificationsConfig,
  migrations: new URL('./data/migrations/', import.meta.url),
  async setup(ctx) {
    const { config } = ctx;
    const context = { timeZone: knownTimeZone(config.NOTIFICATIONS_TIME_ZONE) };
    const emails = emailsRepository(ctx.db);
    const transport = transportFor(config);
    const delivery = new EmailDelivery(
      emails.queue,
      transport,
      {
        maxAttempts: config.NOTIFICATIONS_MAX_ATTEMPTS,
        retryBaseMs: config.NOTIFICATIONS_RETRY_BASE_MS,
        retryMaxMs: config.NOTIFICATIONS_RETRY_MAX_MS,
        pollMs: config.NOTIFICATIONS_POLL_MS,
        batchSize: config.NOTIFICATIONS_BATCH_SIZE,
        sendTimeoutMs: config.NOTIFICATIONS_SEND_TIMEOUT_MS,
      },
      deliveryObserver(ctx, transport.kind),
    );
    ctx.metrics.gaugeFrom(
      'emails_pending',
      'Emails queued and not yet sent, due or waiting for a retry.',
      () => emails.queue.pendingCount(),
    );

    const open = transport.kind === 'mailbox';
    if (open && config.NODE_ENV === 'production') {
      ctx.log.warn(
        'COMPTOIR_SMTP_URL is unset: emails stay in the dev mailbox, readable by anyone at /mailbox',
      );
    }
    await ctx.app.register(
      authenticated(async (group) => mailboxRoutes(group, new Mailbox(emails.reader), { open })),
    );

    const stopHousekeeping = startHousekeeping(
      ctx.db,
      config.NOTIFICATIONS_RETENTION_DAYS * 86_400_000,
      ctx.log,
    );
    // Registered before subscribing: closers run in reverse, so consuming stops before sending does.
    ctx.onClose(async () => {
      await delivery.stop();
      transport.close();
      await stopHousekeeping();
    });
    await ctx.subscribe('emails', {
      topics: emailedEventTypes,
      handle: templatedEmailHandler({
        enqueue: emails.enqueue,
        context,
        queued: () => delivery.nudge(),
      }),
    });
    delivery.start();
  },
});

/** Fails start-up on a zone Intl does not know, rather than on the first email. */
function knownTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('fr-CA', { timeZone: zone });
    return zone;
  } catch {
    throw new ConfigError([`NOTIFICATIONS_TIME_ZONE: unknown time zone (got ${JSON.stringify(zone)})`]);
  }
}
