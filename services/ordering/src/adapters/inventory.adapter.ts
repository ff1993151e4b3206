import type { Location } from '@comptoir/contracts';
import { OrderingErrorCodes, stockRefused, upstreamRefused } from '../domain/errors.ts';
import type { InventoryPort } from '../domain/ports.ts';
import { onBehalfOf, problemOf, refusal, send, type Upstream } from './upstream.ts';

const INSUFFICIENT_STOCK = 'INVENTORY_INSUFFICIENT_STOCK';

/**
 * The inventory service over HTTP: a store's location (`GET /locations?storeId=`, public, and
 * remembered: a store keeps its location for good), a sale's stock (`POST /sale-movements`) and
 * its return (`POST /return-movements`), each once per Idempotency-Key.
 */
export function inventoryAdapter(upstream: Upstream): InventoryPort {
  const locations = new Map<string, string>();

  return {
    async locationOf(storeId) {
      const known = locations.get(storeId);
      if (known) return known;
      const response = await send(upstream, (client) =>
        client.get<{ items: Location[] }>('/locations', { query: { storeId, type: 'store' } }),
      );
      if (response.status !== 200) throw refusal('inventory', response, OrderingErrorCodes.upstreamRefused);
      const id = response.body?.items.find((location) => location.storeId === storeId)?.id;
      if (id) locations.set(storeId, id);
      return id;
    },

    async takeSaleStock({ key, ...body }, as) {
      const response = await send(upstream, (client) =>
        client.post('/sale-movements', body, onBehalfOf(as, key)),
      );
      if (response.status === 201) return { kind: 'taken' };
      const problem = problemOf(response);
      if (response.status === 409 && problem.code === INSUFFICIENT_STOCK) {
        return {
          kind: 'short',
          sku: String(problem.sku),
          available: Number(problem.available ?? 0),
          requested: Number(problem.requested ?? 0),
        };
      }
      if (response.status === 403) throw refusal('inventory', response, OrderingErrorCodes.notYourStore);
      if (response.status === 422) throw stockRefused(problem.detail ?? 'HTTP 422');
      throw refusal('inventory', response, OrderingErrorCodes.stockRefused);
    },

    async recordOfflineStock({ key, ...body }, as) {
      const response = await send(upstream, (client) =>
        client.post('/offline-sale-movements', body, onBehalfOf(as, key)),
      );
      if (response.status === 201) return;
      const problem = problemOf(response);
      if (response.status === 403) throw refusal('inventory', response, OrderingErrorCodes.notYourStore);
      if (response.status === 422) throw stockRefused(problem.detail ?? 'HTTP 422');
      throw refusal('inventory', response, OrderingErrorCodes.stockRefused);
    },

    async putBackStock({ key, ...body }, as) {
      const response = await send(upstream, (client) =>
        client.post('/return-movements', body, onBehalfOf(as, key)),
      );
      // Putting stock back cannot be short; anything but 201 is left for the retry to finish.
      if (response.status !== 201) {
        throw upstreamRefused('inventory', response.status, problemOf(response).detail ?? '');
      }
    },
  };
}
