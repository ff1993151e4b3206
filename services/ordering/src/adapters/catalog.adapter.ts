import type { Product } from '@comptoir/contracts';
import { OrderingErrorCodes } from '../domain/errors.ts';
import type { CatalogPort } from '../domain/order-ports.ts';
import { onBehalfOf, refusal, send, type Upstream } from './upstream.ts';

/**
 * Products by sku from the catalog's `GET /products?sku=` (exact, ignoring case), as the cart
 * does: asked at every checkout and never kept, so an order is priced at the catalog's price now.
 */
export function catalogAdapter(upstream: Upstream): CatalogPort {
  return {
    async bySku(sku, as) {
      const response = await send(upstream, (client) =>
        client.get<{ items: Product[] }>('/products', { query: { sku, limit: 1 }, ...onBehalfOf(as) }),
      );
      if (response.status !== 200) throw refusal('catalog', response, OrderingErrorCodes.upstreamRefused);
      const product = response.body?.items[0];
      if (!product || product.sku.toLowerCase() !== sku.toLowerCase()) return undefined;
      return {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        sellerId: product.sellerId,
        price: { amount: product.price.amount, currency: product.price.currency },
        active: product.active,
      };
    },
  };
}
