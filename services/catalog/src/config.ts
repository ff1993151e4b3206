import { Type } from '@comptoir/platform';

/** The catalog's own settings; the kit reads and validates them with its own at start-up. */
export const CatalogConfig = Type.Object({
  /** Seconds a product read by id may come from the cache. A safety net: every write invalidates. */
  CATALOG_PRODUCT_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, default: 300 }),
  /** Seconds a list or search page may come from the cache. Also a safety net. */
  CATALOG_LIST_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
});
