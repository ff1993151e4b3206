import type { Cart } from '@comptoir/contracts';
import { OrderingErrorCodes } from '../domain/errors.ts';
import type { CartPort } from '../domain/ports.ts';
import { onBehalfOf, refusal, send, type Upstream } from './upstream.ts';

const DISCARD_TIMEOUT_MS = 1_000;

/** The cart service over HTTP: `GET /carts/{id}`, `DELETE /carts/{id}`. */
export function cartAdapter(upstream: Upstream): CartPort {
  return {
    async find(cartId, as) {
      const path = `/carts/${encodeURIComponent(cartId)}`;
      const response = await send(upstream, (client) => client.get<Cart>(path, onBehalfOf(as)));
      if (response.status === 200 && response.body) return response.body;
      if (response.status === 404) return undefined;
      const code =
        response.status === 403 ? OrderingErrorCodes.notYourStore : OrderingErrorCodes.upstreamRefused;
      throw refusal('cart', response, code);
    },
    async discard(cartId, as) {
      const path = `/carts/${encodeURIComponent(cartId)}`;
      // Best effort after the sale: a short bound, so a slow cart never keeps the cashier waiting long.
      const response = await send(upstream, (client) =>
        client.delete(path, { ...onBehalfOf(as), timeoutMs: DISCARD_TIMEOUT_MS }),
      );
      if (response.status >= 300 && response.status !== 404) {
        throw refusal('cart', response, OrderingErrorCodes.upstreamRefused);
      }
    },
  };
}
