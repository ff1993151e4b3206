import type { Money, Product, ProductChanges } from '@comptoir/contracts';
import { versionMismatch } from './errors.ts';

export type { Product, ProductChanges };

/** What a client gives to create a product; the catalog adds id, version and timestamps. */
export interface ProductDraft {
  sku: string;
  name: string;
  description?: string;
  price: Money;
  categoryId: string;
  sellerId?: string | null;
  active?: boolean;
}

export type ProductEdit = ProductChanges;

/**
 * What `If-Match` asked for: `any` (`*`) or a list of versions. An absent header is `undefined`:
 * the edit applies to whatever version is current (last write wins, by the client's choice).
 */
export type VersionCondition = 'any' | readonly number[];

export function newProduct(id: string, draft: ProductDraft, now: Date): Product {
  const at = now.toISOString();
  return {
    id,
    sku: draft.sku,
    name: draft.name,
    description: draft.description ?? '',
    price: { amount: draft.price.amount, currency: draft.price.currency },
    categoryId: draft.categoryId,
    sellerId: draft.sellerId ?? null,
    active: draft.active ?? true,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/** Refuses a change made against a version that is no longer current. */
export function assertVersion(product: Product, condition: VersionCondition | undefined): void {
  if (condition === undefined || condition === 'any') return;
  if (!condition.includes(product.version)) throw versionMismatch(product.id, product.version);
}

const EDITABLE = ['sku', 'name', 'description', 'price', 'categoryId', 'sellerId', 'active'] as const;

/** The fields of `edit` whose value differs from the product's: an edit that changes nothing is no edit. */
export function changedFields(product: Product, edit: ProductEdit): ProductChanges {
  const changes: Record<string, unknown> = {};
  for (const field of EDITABLE) {
    const value = edit[field];
    if (value === undefined) continue;
    if (!sameValue(product[field], value)) changes[field] = value;
  }
  return changes as ProductChanges;
}

export function applyChanges(product: Product, changes: ProductChanges, now: Date): Product {
  return { ...product, ...changes, version: product.version + 1, updatedAt: now.toISOString() };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const x = a as Money;
    const y = b as Money;
    return x.amount === y.amount && x.currency === y.currency;
  }
  return a === b;
}
