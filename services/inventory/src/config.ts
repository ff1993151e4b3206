import { Type } from '@comptoir/platform';

/** Inventory's own settings; the kit reads and validates them with its own at start-up. */
export const InventoryConfig = Type.Object({
  /** Available quantity under which a level is low, unless `PUT /thresholds` set its own. */
  INVENTORY_LOW_STOCK_THRESHOLD: Type.Integer({ minimum: 0, default: 5 }),
  /** Seconds an availability read may come from the cache. A safety net: every change invalidates. */
  INVENTORY_STOCK_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, default: 30 }),
  /** How long a reservation holds stock when the request does not say. */
  INVENTORY_RESERVATION_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 900 }),
  /** How often the sweeper looks for expired reservations (and old idempotency records). */
  INVENTORY_SWEEP_INTERVAL_MS: Type.Integer({ minimum: 10, default: 5_000 }),
  /** Hours a replayable answer is kept for its Idempotency-Key. */
  INVENTORY_IDEMPOTENCY_RETENTION_HOURS: Type.Integer({ minimum: 1, default: 72 }),
});
