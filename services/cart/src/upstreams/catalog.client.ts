import type { HttpClient } from '@comptoir/platform';
import { catalogUnavailable } from '../domain/errors.ts';
import type { ProductLookup, ProductSnapshot } from '../domain/ports.ts';
import { onBehalfOf } from './on-behalf-of.ts';
import { isMoney, isRecord } from './shapes.ts';

/**
 * Products by sku, from the catalog's `GET /products?sku=` (exact, ignoring case). Asked on every
 * add and never kept: the catalog's own cache is the one invalidated when head office edits.
 */
export function catalogProducts(catalog: HttpClient): ProductLookup {
  return {
    async bySku(sku, caller) {
      const { status, body } = await catalog.get('/products', {
        query: { sku, limit: 1 },
        headers: onBehalfOf(caller),
      });
      if (status !== 200 || !isRecord(body) || !Array.isArray(body.items)) {
        throw catalogUnavailable(`GET /products?sku= answered ${status}`);
      }
      const [product] = body.items as unknown[];
      if (product === undefined) return undefined;
      if (!isProduct(product)) throw catalogUnavailable('a product without its id, sku, name or price');
      return {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        price: { amount: product.price.amount, currency: product.price.currency },
        active: product.active,
      };
    },
  };
}

type CatalogProduct = Omit<ProductSnapshot, 'productId'> & { id: string };

function isProduct(value: unknown): value is CatalogProduct {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.sku === 'string' &&
    typeof value.name === 'string' &&
    isMoney(value.price) &&
    value.price.amount >= 0 &&
    typeof value.active === 'boolean'
  );
}
