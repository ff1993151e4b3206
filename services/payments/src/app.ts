import { authenticated, defineService } from '@comptoir/platform';
import { DEV_CARD_TOKEN_SECRET, PaymentsConfig } from './config.ts';
import { startHousekeeping } from './data/housekeeping.ts';
import { paymentsStore } from './data/payments.store.ts';
import type { CardProvider } from './domain/card-provider.ts';
import { PaymentMethods } from './domain/payment-methods.ts';
import { PaymentQueries } from './domain/payment-queries.ts';
import { RefundPayment } from './domain/refund-payment.ts';
import { TakePayment } from './domain/take-payment.ts';
import { paymentCounters } from './metrics.ts';
import { simulatedCardProvider } from './providers/simulated-card.provider.ts';
import { paymentMethodRoutes } from './routes/payment-methods.routes.ts';
import { paymentRoutes } from './routes/payments.routes.ts';

export { TEST_CARDS } from './providers/simulated-card.provider.ts';

/** What a card provider adapter is built with, from this service's settings. */
export interface CardProviderSettings {
  /** Seals saved cards: `PAYMENTS_CARD_TOKEN_SECRET`, or the development key. */
  cardTokenSecret: string;
  clock: () => Date;
}

export interface PaymentsOptions {
  /** Builds the card provider; by default the one `PAYMENTS_CARD_PROVIDER` names. Tests hand in their own. */
  cardProvider?: (settings: CardProviderSettings) => CardProvider;
  clock?: () => Date;
}

/** Payment intents (cash and card), saved cards, refunds and idempotency keys; publishes payment.succeeded/failed/refunded. */
export function paymentsService(options: PaymentsOptions = {}) {
  return defineService({
    name: 'payments',
    description: 'Payments (cash and card through a provider adapter), refunds, idempotency keys.',
    defaultPort: 8107,
    config: PaymentsConfig,
    migrations: new URL('./data/migrations/', import.meta.url),
    async setup(ctx) {
      const store = paymentsStore(ctx, paymentCounters(ctx.metrics));
      const clock = options.clock ?? (() => new Date());
      const cardTokenSecret = ctx.config.PAYMENTS_CARD_TOKEN_SECRET ?? DEV_CARD_TOKEN_SECRET;
      if (!ctx.config.PAYMENTS_CARD_TOKEN_SECRET) {
        ctx.log.warn(
          'PAYMENTS_CARD_TOKEN_SECRET is unset: saved cards are sealed with the public development key; set a secret of your own in production',
        );
      }
      const provider = (options.cardProvider ?? simulatedCardProvider)({ cardTokenSecret, clock });
      const settings = {
        leaseMs: ctx.config.PAYMENTS_IDEMPOTENCY_LEASE_SECONDS * 1000,
        retryAfterSeconds: ctx.config.PAYMENTS_PROVIDER_RETRY_AFTER_SECONDS,
      };
      const retentionMs = ctx.config.PAYMENTS_IDEMPOTENCY_KEY_RETENTION_HOURS * 3_600_000;
      ctx.onClose(startHousekeeping(ctx.db, retentionMs, ctx.log));
      // Every route needs a token; who may do what with it is the domain's call (domain/access.ts).
      await ctx.app.register(
        authenticated(async (group) => {
          const methods = new PaymentMethods(
            provider,
            {
              ttlSeconds: ctx.config.PAYMENTS_CARD_TOKEN_TTL_SECONDS,
              retryAfterSeconds: settings.retryAfterSeconds,
            },
            clock,
          );
          paymentMethodRoutes(group, methods);
          paymentRoutes(group, {
            take: new TakePayment(store, provider, methods, settings, clock),
            refund: new RefundPayment(store, provider, settings, clock),
            queries: new PaymentQueries(store.payments),
          });
        }),
      );
    },
  });
}

export const payments = paymentsService();
