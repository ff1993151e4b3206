import { authenticated, defineService } from '@comptoir/platform';
import { CatalogConfig } from './config.ts';
import { catalogStore } from './data/catalog.store.ts';
import { CategoryCatalog } from './domain/categories.ts';
import { ProductCatalog } from './domain/products.ts';
import { categoryRoutes } from './routes/categories.routes.ts';
import { productRoutes } from './routes/products.routes.ts';

/** Products, categories and product search; publishes product.created/updated/deleted. */
export const catalog = defineService({
  name: 'catalog',
  description: 'Products, categories and product search.',
  defaultPort: 8101,
  config: CatalogConfig,
  migrations: new URL('./data/migrations/', import.meta.url),
  async setup(ctx) {
    const store = catalogStore(ctx);
    const products = new ProductCatalog(store, ctx.cached, {
      product: ctx.config.CATALOG_PRODUCT_CACHE_TTL_SECONDS,
      list: ctx.config.CATALOG_LIST_CACHE_TTL_SECONDS,
    });
    const categories = new CategoryCatalog(store, () => products.forgetLists());
    // Every route below needs a token unless it says `public: true`, as the reads do.
    await ctx.app.register(
      authenticated(async (group) => {
        productRoutes(group, products);
        categoryRoutes(group, categories);
      }),
    );
  },
});
