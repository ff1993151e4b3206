import type { Queryable } from '@comptoir/platform';
import { skuRegistry } from '../data/skus.repository.ts';
import { updateProduct } from '../domain/sku-mirror.ts';
import { productFactsOf } from './payload.ts';

/** `product.updated`: only a new sku matters here; returns the skus whose stock was renamed. */
export async function onProductUpdated(data: unknown, tx: Queryable): Promise<string[]> {
  return updateProduct(skuRegistry(tx), productFactsOf(data, 'productId', 'product.updated'));
}
