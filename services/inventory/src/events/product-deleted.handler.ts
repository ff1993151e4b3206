import type { Queryable } from '@comptoir/platform';
import { skuRegistry } from '../data/skus.repository.ts';
import { forgetProduct } from '../domain/sku-mirror.ts';
import { productFactsOf } from './payload.ts';

/** `product.deleted`: the sku stays (its history refers to it) but takes no new stock. */
export async function onProductDeleted(data: unknown, tx: Queryable): Promise<void> {
  await forgetProduct(skuRegistry(tx), productFactsOf(data, 'productId', 'product.deleted'));
}
