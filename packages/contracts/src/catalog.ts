import { type Static, Type } from '@sinclair/typebox';
import { Money } from './money.ts';

/** Event types published by catalog; each is also the routing key on the bus. */
export const CatalogEventTypes = {
  productCreated: 'product.created',
  productUpdated: 'product.updated',
  productDeleted: 'product.deleted',
} as const;

export const ProductId = Type.String({
  pattern: '^prod_[0-9A-HJKMNP-TV-Z]{26}$',
  examples: ['prod_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'],
});
export const CategoryId = Type.String({
  pattern: '^cat_[0-9A-HJKMNP-TV-Z]{26}$',
  examples: ['cat_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'],
});

/** A product as the catalog API returns it and as `product.created` carries it. */
export const Product = Type.Object(
  {
    id: ProductId,
    sku: Type.String(),
    name: Type.String(),
    description: Type.String(),
    price: Money,
    categoryId: CategoryId,
    sellerId: Type.Union([Type.String(), Type.Null()]),
    active: Type.Boolean(),
    /** Starts at 1 and grows by one on every change; the product's ETag. */
    version: Type.Integer({ minimum: 1 }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'Product' },
);
export type Product = Static<typeof Product>;

export const Category = Type.Object(
  {
    id: CategoryId,
    slug: Type.String(),
    name: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'Category' },
);
export type Category = Static<typeof Category>;

/** The fields of a product that an edit can change. */
export const ProductChanges = Type.Partial(
  Type.Pick(Product, ['sku', 'name', 'description', 'price', 'categoryId', 'sellerId', 'active']),
  { additionalProperties: false, title: 'ProductChanges' },
);
export type ProductChanges = Static<typeof ProductChanges>;

/** `product.created`: the whole new product. */
export const ProductCreated = Type.Object({ product: Product }, { additionalProperties: false });
export type ProductCreated = Static<typeof ProductCreated>;

/** `product.updated`: only the fields that changed, with their new values, and the new version. */
export const ProductUpdated = Type.Object(
  {
    productId: ProductId,
    sku: Type.String({ description: 'The sku after the change.' }),
    version: Type.Integer({ minimum: 2 }),
    changes: ProductChanges,
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type ProductUpdated = Static<typeof ProductUpdated>;

/** `product.deleted`: the product is gone; its last sku and version say which one. */
export const ProductDeleted = Type.Object(
  {
    productId: ProductId,
    sku: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    deletedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type ProductDeleted = Static<typeof ProductDeleted>;
