import { CategoryId, Money, Product } from '@comptoir/contracts';
import { Cursor, Limit, PageOf, Type } from '@comptoir/platform';

const Sku = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  description: 'Stock keeping unit, unique regardless of case: letters, digits, dot, dash, underscore.',
  examples: ['CHR-PLI-001'],
});
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', examples: ['Chaise pliante'] });
const Description = Type.String({ maxLength: 5000 });
const SellerId = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], {
  description: 'The seller who lists the product; null for the chain’s own products.',
});

export const ProductInput = Type.Object(
  {
    sku: Sku,
    name: Name,
    description: Type.Optional(Description),
    price: Money,
    categoryId: CategoryId,
    sellerId: Type.Optional(SellerId),
    active: Type.Optional(Type.Boolean({ description: 'Offered for sale; true unless said otherwise.' })),
  },
  { additionalProperties: false, title: 'ProductInput' },
);

export const ProductPatch = Type.Object(
  {
    sku: Type.Optional(Sku),
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    price: Type.Optional(Money),
    categoryId: Type.Optional(CategoryId),
    sellerId: Type.Optional(SellerId),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1, title: 'ProductPatch' },
);

export const ProductListQuery = Type.Object(
  {
    limit: Limit,
    cursor: Type.Optional(Cursor),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'Words to search in name, sku and description, ignoring accents and case; the last word may be a prefix. Results come by relevance.',
        examples: ['chaise'],
      }),
    ),
    sku: Type.Optional({
      ...Sku,
      description: 'Exactly this sku, ignoring case: a page of at most one product (a till scans it).',
    }),
    category: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Category id or slug.' }),
    ),
    sellerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    active: Type.Optional(Type.Boolean()),
    minPrice: Type.Optional(Type.Integer({ minimum: 0, description: 'Lowest price, in minor units.' })),
    maxPrice: Type.Optional(Type.Integer({ minimum: 0, description: 'Highest price, in minor units.' })),
  },
  { additionalProperties: false },
);

export const ProductPage = PageOf(Product, 'ProductPage');
