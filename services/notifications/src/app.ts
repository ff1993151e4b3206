import { authenticated, ConfigError, defineService } from '@comptoir/platform';
import { NotificationsConfig } from './config.ts';
import { emailsRepository } from './data/emails.repository.ts';
import { startHousekeeping } from './data/housekeeping.ts';
import { recipientsRepository } from './data/recipients.repository.ts';
import { trackingRepository } from './data/tracking.repository.ts';
import { deliveryObserver } from './delivery-observer.ts';
import { EmailDelivery } from './domain/delivery.ts';
import { LiveOrders } from './domain/live-orders.ts';
import { Mailbox } from './domain/mailbox.ts';
import { OrderTracking } from './domain/order-tracking.ts';
import { orderEventTypes, orderLiveHandler, orderTrackingHandler } from './events/order-changes.handler.ts';
import { recipientEventTypes, recipientsHandler } from './events/recipients.handler.ts';
import { templatedEmailHandler } from './events/templated-email.handler.ts';
import { mailboxRoutes } from './routes/mailbox.routes.ts';
import { OpenStreams, orderEventsRoutes } from './routes/order-events.routes.ts';
import { emailedEventTypes } from './templates/registry.ts';
import { transportFor } from './transports/index.ts';

/** Emails sent on events (verification, orders), live order tracking, and the dev mailbox. */
export const notifications = defineService({
  name: 'notifications',
  description:
    'Emails sent on events (address verification, order confirmed, shipped, delivered, cancelled), ' +
    'live order tracking (Server-Sent Events) and the dev mailbox.',
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
    const tracked = trackingRepository(ctx.db);
    const live = new LiveOrders();
    const tracking = new OrderTracking(tracked.reader, live, {
      graceMs: config.NOTIFICATIONS_TRACKING_GRACE_MS,
      pollMs: 200,
    });
    const streams = new OpenStreams();
    ctx.metrics.gaugeFrom(
      'order_streams_open',
      'Live order tracking streams open on this replica.',
      () => streams.size,
    );
    await ctx.app.register(
      authenticated(async (group) => {
        mailboxRoutes(group, new Mailbox(emails.reader), { open });
        orderEventsRoutes(group, tracking, streams, {
          heartbeatMs: config.NOTIFICATIONS_TRACKING_HEARTBEAT_MS,
          maxStreamMs: config.NOTIFICATIONS_TRACKING_MAX_STREAM_MS,
        });
      }),
    );
    // Streams never finish by themselves: ended before the server waits for requests to finish.
    ctx.app.addHook('preClose', async () => streams.endAll());

    const stopHousekeeping = startHousekeeping(
      ctx.db,
      {
        emailsMs: config.NOTIFICATIONS_RETENTION_DAYS * 86_400_000,
        ordersMs: config.NOTIFICATIONS_TRACKING_RETENTION_DAYS * 86_400_000,
        forgetOrders: (olderThanMs) => tracked.forgetOlderThan(olderThanMs),
      },
      ctx.log,
    );
    // Registered before subscribing: closers run in reverse, so consuming stops before sending does.
    ctx.onClose(async () => {
      await delivery.stop();
      transport.close();
      await stopHousekeeping();
    });
    await ctx.subscribe('recipients', {
      topics: recipientEventTypes,
      handle: recipientsHandler(recipientsRepository),
    });
    await ctx.subscribe('emails', {
      topics: emailedEventTypes,
      handle: templatedEmailHandler({
        enqueue: emails.enqueue,
        recipient: recipientsRepository.find,
        context,
        queued: () => delivery.nudge(),
      }),
    });
    await ctx.subscribe('order-tracking', {
      topics: orderEventTypes,
      handle: orderTrackingHandler(tracked.record),
    });
    await ctx.fanOut('order-live', { topics: orderEventTypes, handle: orderLiveHandler(live) });
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
