import { CatalogEventTypes } from '@comptoir/contracts';
import type { EventEnvelope, Queryable } from '@comptoir/platform';
import { onProductCreated } from './product-created.handler.ts';
import { onProductDeleted } from './product-deleted.handler.ts';
import { onProductUpdated } from './product-updated.handler.ts';

/**
 * The catalog's product events, each handled once (the kit's inbox) in its own transaction.
 * `renamed` hears of skus whose stock now shows under another sku.
 */
export function catalogEventsHandler(renamed: (skus: string[]) => void) {
  return async (event: EventEnvelope, tx: Queryable): Promise<void> => {
    switch (event.type) {
      case CatalogEventTypes.productCreated:
        return onProductCreated(event.data, tx);
      case CatalogEventTypes.productUpdated: {
        const skus = await onProductUpdated(event.data, tx);
        if (skus.length > 0) renamed(skus);
        return;
      }
      case CatalogEventTypes.productDeleted:
        return onProductDeleted(event.data, tx);
      default:
        // product.* may grow new facts; none of them is ours to act on yet.
        return;
    }
  };
}
