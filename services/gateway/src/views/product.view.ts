import { type Location, Product, type StockLevel, type Store } from '@comptoir/contracts';
import { Type } from '@comptoir/platform';
import { defineView, type ViewContext, viewBody } from './view.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface SkuStock {
  sku: string;
  available: number;
  levels: StockLevel[];
}

const StoreAvailability = Type.Object({
  storeId: Type.String(),
  name: Type.String(),
  district: Type.String(),
  available: Type.Integer({ minimum: 0 }),
});

const Availability = Type.Object(
  {
    /** Sellable everywhere: the online warehouse plus every store. */
    total: Type.Integer({ minimum: 0 }),
    online: Type.Integer({ minimum: 0 }),
    stores: Type.Array(StoreAvailability),
  },
  { title: 'ProductAvailability' },
);

const productOf = (context: ViewContext) =>
  context.get<Product>('catalog', `/products/${encodeURIComponent(context.params.id ?? '')}`);

/** Stock of the product's sku in each location, named by the store the location belongs to. */
async function availabilityOf(context: ViewContext) {
  const product = await productOf(context);
  const [stock, locations, stores] = await Promise.all([
    context.get<SkuStock>('inventory', `/stock/${encodeURIComponent(product.sku)}`),
    context.get<Page<Location>>('inventory', '/locations?limit=100'),
    context.get<Page<Store>>('stores', '/stores?limit=100'),
  ]);
  const storeOfLocation = new Map(locations.items.map((location) => [location.id, location.storeId]));
  const availableAt = new Map<string, number>();
  let online = 0;
  for (const level of stock.levels) {
    const storeId = storeOfLocation.get(level.locationId);
    if (storeId) availableAt.set(storeId, (availableAt.get(storeId) ?? 0) + level.available);
    else if (level.locationId === 'loc_online') online += level.available;
  }
  return {
    total: stock.available,
    online,
    stores: stores.items
      .filter((store) => store.type !== 'warehouse')
      .map((store) => ({
        storeId: store.id,
        name: store.name,
        district: store.district,
        available: availableAt.get(store.id) ?? 0,
      })),
  };
}

/**
 * `GET /api/views/products/{id}`: a product page — the product from catalog, and how many are
 * available online and in each store, from inventory and the store directory. Public, like the
 * catalog. An unknown product is a 404; inventory or stores down leaves `availability` null.
 */
export const productView = defineView({
  path: '/products/:id',
  summary: 'A product and its availability online and per store',
  description:
    'Composed from catalog (`GET /products/{id}`), inventory (`GET /stock/{sku}`, `GET /locations`) and stores ' +
    '(`GET /stores`). When inventory or stores cannot answer, `availability` is null and `degraded` says so.',
  response: viewBody({
    product: Type.Union([Product, Type.Null()]),
    availability: Type.Union([Availability, Type.Null()]),
  }),
  sources: {
    product: { subject: true, load: productOf },
    availability: { load: availabilityOf },
  },
  assemble: ({ product, availability }) => ({ product, availability }),
});
