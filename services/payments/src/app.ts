import { authenticated, defineService } from '@comptoir/platform';
import { PaymentsConfig } from './config.ts';
import { startHousekeeping } from './data/housekeeping.ts';
import { paymentsStore } from './data/payments.store.ts';
import type { CardProvider } from './domain/card-provider.ts';
import { PaymentQueries } from './domain/payment-queries.ts';
import { RefundPayment } from './domain/refund-payment.ts';
import { TakePayment } from './domain/take-payment.ts';
import { paymentCounters } from './metrics.ts';
import { simulatedCardProvider } from './providers/simulated-card.provider.ts';
import { paymentRoutes } from './routes/payments.routes.ts';

export { TEST_CARDS } from './providers/simulated-card.provider.ts';

export interface PaymentsOptions {
  /** The card provider; by default the one `PAYMENTS_CARD_PROVIDER` names. Tests hand in their own. */
  cardProvider?: CardProvider;
  clock?: () => Date;
}

/** Payment intents (cash and card), refunds and idempotency keys; publishes payment.succeeded/failed/refunded. */
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
      const provider = options.cardProvider ?? simulatedCardProvider(clock);
      const settings = {
        leaseMs: ctx.config.PAYMENTS_IDEMPOTENCY_LEASE_SECONDS * 1000,
        retryAfterSeconds: ctx.config.PAYMENTS_PROVIDER_RETRY_AFTER_SECONDS,
      };
      const retentionMs = ctx.config.PAYMENTS_IDEMPOTENCY_KEY_RETENTION_HOURS * 3_600_000;
      ctx.onClose(startHousekeeping(ctx.db, retentionMs, ctx.log));
      // Every route needs a token; who may do what with it is the domain's call (domain/access.ts).
      await ctx.app.register(
        authenticated(async (group) => {
          paymentRoutes(group, {
            take: new TakePayment(store, provider, settings, clock),
            refund: new RefundPayment(store, provider, settings, clock),
            queries: new PaymentQueries(store.payments),
          });
        }),
      );
    },
  });
}

export const payments = paymentsService();
