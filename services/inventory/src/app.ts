import { authenticated, defineService } from '@comptoir/platform';
import { InventoryConfig } from './config.ts';
import { forgetOldRecords } from './data/housekeeping.ts';
import { inventoryStore } from './data/inventory.store.ts';
import { skuReader } from './data/skus.repository.ts';
import { stockReader } from './data/stock.repository.ts';
import { Availability } from './domain/availability.ts';
import { CounterSales } from './domain/counter-sales.ts';
import { Locations } from './domain/locations.ts';
import { StockMovements } from './domain/movements.ts';
import { OfflineSales } from './domain/offline-sales.ts';
import { Reconciliations } from './domain/reconciliations.ts';
import { Reservations } from './domain/reservations.ts';
import { Thresholds } from './domain/thresholds.ts';
import { catalogEventsHandler } from './events/catalog-events.ts';
import { storeChangedHandler } from './events/store-changed.handler.ts';
import { startExpirySweeper } from './jobs/expiry-sweeper.ts';
import { stockAlertCounter } from './metrics.ts';
import { counterRoutes } from './routes/counter.routes.ts';
import { locationRoutes } from './routes/locations.routes.ts';
import { movementRoutes } from './routes/movements.routes.ts';
import { offlineRoutes } from './routes/offline.routes.ts';
import { reservationRoutes } from './routes/reservations.routes.ts';
import { stockRoutes } from './routes/stock.routes.ts';

/**
 * Stock per sku and location, every change a movement; the counter's sales, online reservations,
 * low-stock alerts. Learns skus from the catalog's product events.
 */
export const inventory = defineService({
  name: 'inventory',
  description: 'Locations, stock levels and their movements, counter sales, reservations for online orders.',
  defaultPort: 8103,
  config: InventoryConfig,
  migrations: new URL('./data/migrations/', import.meta.url),
  async setup(ctx) {
    const { config } = ctx;
    const availability = new Availability(
      { stock: stockReader(ctx.db), skus: skuReader(ctx.db) },
      ctx.cached,
      config.INVENTORY_STOCK_CACHE_TTL_SECONDS,
    );
    // Every committed change reaches the cache through the store, whatever the path that made it.
    const store = inventoryStore(
      ctx,
      (changes) => availability.forget(changes),
      stockAlertCounter(ctx.metrics),
    );
    const ledger = { defaultThreshold: config.INVENTORY_LOW_STOCK_THRESHOLD };
    const reservations = new Reservations(store, {
      ...ledger,
      defaultTtlSeconds: config.INVENTORY_RESERVATION_TTL_SECONDS,
    });

    // Every route below needs a token unless it says `public: true`, as the availability reads do.
    await ctx.app.register(
      authenticated(async (group) => {
        locationRoutes(group, new Locations(store));
        stockRoutes(group, availability, new Thresholds(store, ledger));
        movementRoutes(group, new StockMovements(store, ledger));
        counterRoutes(group, new CounterSales(store, ledger));
        reservationRoutes(group, reservations);
        offlineRoutes(group, new OfflineSales(store, ledger), new Reconciliations(store, ledger));
      }),
    );

    const sweeper = startExpirySweeper({
      intervalMs: config.INVENTORY_SWEEP_INTERVAL_MS,
      releaseExpired: () => reservations.releaseExpired(),
      housekeeping: () => forgetOldRecords(ctx.db, config.INVENTORY_IDEMPOTENCY_RETENTION_HOURS),
      log: ctx.log,
    });
    ctx.onClose(() => sweeper.stop());
    await ctx.subscribe('catalog-events', {
      topics: ['product.*'],
      handle: catalogEventsHandler((skus) => availability.forgetRenamed(skus)),
    });
    // A store's location follows the store; a new location reshapes every per-location answer.
    await ctx.subscribe('store-events', {
      topics: ['store.created', 'store.updated'],
      handle: storeChangedHandler(() => availability.forgetRenamed([])),
    });
  },
});
