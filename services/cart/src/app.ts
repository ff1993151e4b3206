import { QUEBEC_TAXES } from '@comptoir/contracts';
import { authenticated, createHttpClient, defineService } from '@comptoir/platform';
import { CartConfig } from './config.ts';
import { cartRepository } from './data/carts.repository.ts';
import { Carts } from './domain/carts.ts';
import { cartRoutes } from './routes/carts.routes.ts';
import { lineRoutes } from './routes/lines.routes.ts';
import { catalogProducts } from './upstreams/catalog.client.ts';
import { storeDirectory } from './upstreams/stores.client.ts';

/**
 * Baskets: one per open register session, one per signed-in customer of the online shop, and
 * anonymous visitors' carts reached with their secret token (merged into the customer's at
 * sign-in). Kept in the cache with a time to live, each line priced from the catalog when added,
 * totals with the store's (or the shop's) taxes in integer cents. No database and no events: a
 * cart becomes an order in ordering.
 */
export const cart = defineService({
  name: 'cart',
  description:
    'Baskets of register sessions and of the online shop’s customers and visitors: lines priced from the catalog, totals with taxes.',
  defaultPort: 8105,
  config: CartConfig,
  // The baskets live in the cache: without it, this service cannot serve.
  needs: { db: false, bus: false, cache: 'store' },
  async setup(ctx) {
    const { config, log } = ctx;
    const stores = createHttpClient({ baseUrl: config.CART_STORES_URL, name: 'stores', log });
    const catalog = createHttpClient({ baseUrl: config.CART_CATALOG_URL, name: 'catalog', log });
    ctx.onClose(() => Promise.all([stores.close(), catalog.close()]).then(() => undefined));
    const carts = new Carts(
      {
        carts: cartRepository(ctx.cache, config.CART_TTL_SECONDS),
        stores: storeDirectory(stores),
        products: catalogProducts(catalog),
      },
      {
        ttlSeconds: config.CART_TTL_SECONDS,
        online: { currency: config.CART_ONLINE_CURRENCY, taxes: QUEBEC_TAXES },
      },
    );

    // Every route below needs a token, except those a visitor's anonymous cart is reached by
    // (`public: true`, its X-Cart-Token checked by the domain); the domain shows a cart only to
    // its store's staff, its customer, or its token's holder.
    await ctx.app.register(
      authenticated(async (group) => {
        cartRoutes(group, carts);
        lineRoutes(group, carts);
      }),
    );
  },
});
