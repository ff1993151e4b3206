import type { Category, Product } from '@comptoir/contracts';

/** Columns as stored; the kit returns timestamps as `Date` and bigint as number on both databases. */
export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  price_amount: number | string;
  price_currency: string;
  category_id: string;
  seller_id: string | null;
  active: boolean;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  created_at: Date | string;
  updated_at: Date | string;
}

export const PRODUCT_COLUMNS =
  'id, sku, name, description, price_amount, price_currency, category_id, seller_id, active, version, created_at, updated_at';

export const CATEGORY_COLUMNS = 'id, slug, name, created_at, updated_at';

const iso = (value: Date | string): string => new Date(value).toISOString();

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: { amount: Number(row.price_amount), currency: row.price_currency },
    categoryId: row.category_id,
    sellerId: row.seller_id,
    active: row.active,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function productParams(product: Product): unknown[] {
  return [
    product.id,
    product.sku,
    product.name,
    product.description,
    product.price.amount,
    product.price.currency,
    product.categoryId,
    product.sellerId,
    product.active,
    product.version,
    product.createdAt,
    product.updatedAt,
  ];
}

export function toCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The constraint a statement broke, if it broke one (same fields on pg and PGlite errors). */
export function violation(error: unknown): { code: string; constraint: string } | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string' || !code.startsWith('23')) return undefined;
  return { code, constraint: typeof constraint === 'string' ? constraint : '' };
}
