import { authenticated, createHttpClient, defineService } from '@comptoir/platform';
import { cartAdapter } from './adapters/cart.adapter.ts';
import { inventoryAdapter } from './adapters/inventory.adapter.ts';
import { paymentsAdapter } from './adapters/payments.adapter.ts';
import { storesAdapter } from './adapters/stores.adapter.ts';
import { OrderingConfig } from './config.ts';
import { startHousekeeping } from './data/housekeeping.ts';
import { orderingStore } from './data/ordering.store.ts';
import { PlaceSale } from './domain/place-sale.ts';
import { PrepareSale } from './domain/prepare-sale.ts';
import { ReturnSale } from './domain/return-sale.ts';
import { SaleProgress } from './domain/sale-progress.ts';
import { SaleQueries } from './domain/sale-queries.ts';
import { saleRoutes } from './routes/sales.routes.ts';

export interface OrderingOptions {
  clock?: () => Date;
}

/** Orders of both channels; today the POS sale and its returns. Publishes sale.completed, sale.returned. */
export function orderingService(options: OrderingOptions = {}) {
  return defineService({
    name: 'ordering',
    description:
      'Sales at the counter (POS): stock, payment and receipt in one request; returns; later online orders.',
    defaultPort: 8106,
    config: OrderingConfig,
    migrations: new URL('./data/migrations/', import.meta.url),
    async setup(ctx) {
      const { config, log } = ctx;
      const clock = options.clock ?? (() => new Date());
      const settings = {
        leaseMs: config.ORDERING_IDEMPOTENCY_LEASE_SECONDS * 1000,
        retryAfterSeconds: config.ORDERING_RETRY_AFTER_SECONDS,
      };
      const upstream = (name: string, baseUrl: string, timeoutMs = config.ORDERING_UPSTREAM_TIMEOUT_MS) => {
        const client = createHttpClient({ name, baseUrl, timeoutMs, log });
        ctx.onClose(() => client.close());
        return { client, retryAfterSeconds: settings.retryAfterSeconds };
      };
      const cart = cartAdapter(upstream('cart', config.ORDERING_CART_URL));
      const stores = storesAdapter(upstream('stores', config.ORDERING_STORES_URL));
      const inventory = inventoryAdapter(upstream('inventory', config.ORDERING_INVENTORY_URL));
      const payments = paymentsAdapter(
        upstream('payments', config.ORDERING_PAYMENTS_URL, config.ORDERING_PAYMENTS_TIMEOUT_MS),
      );

      const store = orderingStore(ctx);
      const progress = new SaleProgress(store, inventory, payments, cart, settings, clock, log);
      const prepare = new PrepareSale(cart, stores, inventory);
      const retentionMs = config.ORDERING_IDEMPOTENCY_KEY_RETENTION_HOURS * 3_600_000;
      ctx.onClose(startHousekeeping(ctx.db, retentionMs, log));

      // Every route needs a token and a till role; which store the caller works in is the domain's call.
      await ctx.app.register(
        authenticated(async (group) => {
          saleRoutes(group, {
            place: new PlaceSale(store, prepare, progress, settings, clock, log),
            returns: new ReturnSale(store, stores, inventory, payments, settings, clock, log),
            queries: new SaleQueries(store),
          });
        }),
      );
    },
  });
}

export const ordering = orderingService();
