import type { SkuRegistry } from './ports.ts';

/*
 * The catalog's skus as inventory knows them, learned from its events. Events of one product may
 * arrive out of order (retries, several consumers), so each carries the product's version and an
 * older one never overwrites a newer one. A deleted product's sku stays, inactive: its history
 * refers to it.
 */

export interface ProductFacts {
  productId: string;
  sku: string;
  version: number;
}

/** `product.created`. If anything of this product arrived first, it is newer: nothing to do. */
export async function learnProduct(registry: SkuRegistry, product: ProductFacts): Promise<void> {
  if (await registry.byProduct(product.productId)) return;
  await registry.claim({ ...toRecord(product), active: true });
}

/** `product.updated`; returns the skus whose stock now shows under another name. */
export async function updateProduct(registry: SkuRegistry, product: ProductFacts): Promise<string[]> {
  const known = await registry.byProduct(product.productId);
  if (!known) {
    await registry.claim({ ...toRecord(product), active: true });
    return [];
  }
  if (known.productVersion >= product.version) return [];
  await registry.update(product.productId, { ...known, sku: product.sku, productVersion: product.version });
  return known.sku === product.sku ? [] : [known.sku, product.sku];
}

/** `product.deleted`: the sku takes no new stock, and is not sold or reserved any more. */
export async function forgetProduct(registry: SkuRegistry, product: ProductFacts): Promise<void> {
  const known = await registry.byProduct(product.productId);
  if (!known) {
    await registry.claim({ ...toRecord(product), active: false });
    return;
  }
  if (known.productVersion > product.version) return;
  await registry.update(product.productId, { ...known, productVersion: product.version, active: false });
}

const toRecord = (product: ProductFacts) => ({
  sku: product.sku,
  productId: product.productId,
  productVersion: product.version,
});
