import type { Queryable } from '@comptoir/platform';
import { skuRegistry } from '../data/skus.repository.ts';
import { learnProduct } from '../domain/sku-mirror.ts';
import { productFactsOf, productOf } from './payload.ts';

/** `product.created`: the product's sku becomes known, so stock of it can be received and sold. */
export async function onProductCreated(data: unknown, tx: Queryable): Promise<void> {
  await learnProduct(skuRegistry(tx), productFactsOf(productOf(data), 'id', 'product.created'));
}
