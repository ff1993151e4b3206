import {
  authenticated,
  clientCredentials,
  createHttpClient,
  defineService,
  startPeriodic,
} from '@comptoir/platform';
import { cartAdapter } from './adapters/cart.adapter.ts';
import { catalogAdapter } from './adapters/catalog.adapter.ts';
import { inventoryAdapter } from './adapters/inventory.adapter.ts';
import { orderPaymentsAdapter } from './adapters/order-payments.adapter.ts';
import { paymentsAdapter } from './adapters/payments.adapter.ts';
import { reservationsAdapter } from './adapters/reservations.adapter.ts';
import { storesAdapter } from './adapters/stores.adapter.ts';
import { OrderingConfig } from './config.ts';
import { startHousekeeping } from './data/housekeeping.ts';
import { onlineOrderStore } from './data/online-order.store.ts';
import { orderingStore } from './data/ordering.store.ts';
import { CheckoutSaga } from './domain/checkout-saga.ts';
import type { MachineAuth } from './domain/order-ports.ts';
import { OrderQueries } from './domain/order-queries.ts';
import { PlaceOrder } from './domain/place-order.ts';
import { PlaceSale } from './domain/place-sale.ts';
import { PrepareSale } from './domain/prepare-sale.ts';
import { ReturnSale } from './domain/return-sale.ts';
import { SaleProgress } from './domain/sale-progress.ts';
import { SaleQueries } from './domain/sale-queries.ts';
import { ShipOrder } from './domain/ship-order.ts';
import { SyncOfflineSale } from './domain/sync-offline-sale.ts';
import { startCheckoutWorkers } from './events/checkout.consumer.ts';
import { orderingCounters } from './metrics.ts';
import { offlineSaleRoutes } from './routes/offline-sales.routes.ts';
import { orderRoutes } from './routes/orders.routes.ts';
import { saleRoutes } from './routes/sales.routes.ts';

export interface OrderingOptions {
  clock?: () => Date;
  /**
   * The saga's credentials; by default an OAuth2 client of identity (`ORDERING_CLIENT_ID` /
   * `ORDERING_CLIENT_SECRET` at `ORDERING_TOKEN_URL`). Tests hand in a token of their own.
   */
  machineAuth?: MachineAuth;
}

/** Without credentials the saga cannot act: each step fails (and is retried) saying why. */
const noMachineAuth: MachineAuth = {
  header: () =>
    Promise.reject(new Error('ORDERING_CLIENT_SECRET is not set: the checkout saga has no credentials')),
};

/**
 * Orders of both channels: the POS sale and its returns (sale.completed, sale.returned), and the
 * online order with its checkout saga and deliveries (order.placed … order.delivered).
 */
export function orderingService(options: OrderingOptions = {}) {
  return defineService({
    name: 'ordering',
    description:
      'Sales at the counter (POS): stock, payment and receipt in one request; returns. Online orders: ' +
      'checkout saga (reserve, charge, confirm or cancel), history, shipments.',
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

      const catalog = catalogAdapter(upstream('catalog', config.ORDERING_CATALOG_URL));
      const reservations = reservationsAdapter(upstream('inventory', config.ORDERING_INVENTORY_URL));
      const orderPayments = orderPaymentsAdapter(
        upstream('payments', config.ORDERING_PAYMENTS_URL, config.ORDERING_PAYMENTS_TIMEOUT_MS),
      );
      const machineAuth =
        options.machineAuth ??
        (config.ORDERING_CLIENT_SECRET
          ? clientCredentials({
              tokenUrl: config.ORDERING_TOKEN_URL,
              clientId: config.ORDERING_CLIENT_ID,
              clientSecret: config.ORDERING_CLIENT_SECRET,
            })
          : noMachineAuth);

      const counted = orderingCounters(ctx.metrics);
      const store = orderingStore(ctx, counted);
      const orders = onlineOrderStore(ctx, counted);
      const progress = new SaleProgress(store, inventory, payments, cart, settings, clock, log);
      const prepare = new PrepareSale(cart, stores, inventory);
      const retentionMs = config.ORDERING_IDEMPOTENCY_KEY_RETENTION_HOURS * 3_600_000;
      ctx.onClose(startHousekeeping(ctx.db, retentionMs, log));

      if (config.ORDERING_WORKERS === 'on') {
        const saga = new CheckoutSaga(
          orders,
          reservations,
          orderPayments,
          machineAuth,
          {
            locationId: config.ORDERING_ONLINE_LOCATION,
            paymentDeadlineMs: config.ORDERING_PAYMENT_DEADLINE_SECONDS * 1000,
            sagaTimeoutMs: config.ORDERING_SAGA_TIMEOUT_SECONDS * 1000,
          },
          clock,
          log,
        );
        ctx.onClose(
          await startCheckoutWorkers(
            ctx.bus,
            saga,
            { prefetch: config.ORDERING_WORKER_PREFETCH, maxAttempts: config.ORDERING_SAGA_MAX_ATTEMPTS },
            log,
          ),
        );
        ctx.onClose(
          startPeriodic(
            'stale checkout sweep',
            config.ORDERING_SWEEP_INTERVAL_SECONDS * 1000,
            () => saga.sweep(),
            log,
          ),
        );
      }
      if (config.ORDERING_API === 'off') return;

      // Every route needs a token; the roles are each route's, ownership the domain's call.
      await ctx.app.register(
        authenticated(async (group) => {
          saleRoutes(group, {
            place: new PlaceSale(store, prepare, progress, settings, clock, log),
            returns: new ReturnSale(store, stores, inventory, payments, settings, clock, log),
            queries: new SaleQueries(store),
          });
          offlineSaleRoutes(
            group,
            new SyncOfflineSale(store, stores, inventory, payments, settings, clock, log),
          );
          orderRoutes(group, {
            place: new PlaceOrder(orders, catalog, orderPayments, settings, clock, log),
            queries: new OrderQueries(orders),
            shipping: new ShipOrder(orders, clock),
          });
        }),
      );
    },
  });
}

export const ordering = orderingService();
