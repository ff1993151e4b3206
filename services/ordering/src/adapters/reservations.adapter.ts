import type { Reservation } from '@comptoir/contracts';
import { upstreamRefused } from '../domain/errors.ts';
import type { ReservationsPort } from '../domain/order-ports.ts';
import { onBehalfOf, problemOf, send, type Upstream } from './upstream.ts';

const INSUFFICIENT_STOCK = 'INVENTORY_INSUFFICIENT_STOCK';
const EXPIRED = 'INVENTORY_RESERVATION_EXPIRED';
const CLOSED = 'INVENTORY_RESERVATION_CLOSED';

/**
 * inventory's reservations over HTTP, as ordering's saga (a client with `stock:write`): one
 * reservation per order id (asking again answers the first), commit, release.
 */
export function reservationsAdapter(upstream: Upstream): ReservationsPort {
  const unexpected = (response: { status: number; body: unknown }) =>
    upstreamRefused('inventory', response.status, problemOf(response as never).detail ?? '');

  return {
    async reserve(request, as) {
      const response = await send(upstream, (client) =>
        client.post<Reservation>('/reservations', request, onBehalfOf(as)),
      );
      if ((response.status === 201 || response.status === 200) && response.body) {
        return { kind: 'reserved', reservationId: response.body.id };
      }
      const problem = problemOf(response);
      if (response.status === 409 && problem.code === INSUFFICIENT_STOCK) {
        const shortages = Array.isArray(problem.shortages)
          ? (problem.shortages as { sku: string; available: number; requested: number }[])
          : [];
        return { kind: 'short', shortages };
      }
      throw unexpected(response);
    },

    async commit(reservationId, as) {
      const path = `/reservations/${encodeURIComponent(reservationId)}/commit`;
      const response = await send(upstream, (client) => client.post<Reservation>(path, {}, onBehalfOf(as)));
      if (response.status === 200) return { kind: 'committed' };
      const code = problemOf(response).code;
      // Past its time (released on the spot), or released already by inventory's expiry sweep.
      if (response.status === 409 && (code === EXPIRED || code === CLOSED)) return { kind: 'expired' };
      throw unexpected(response);
    },

    async release(reservationId, as) {
      const path = `/reservations/${encodeURIComponent(reservationId)}/release`;
      const response = await send(upstream, (client) => client.post<Reservation>(path, {}, onBehalfOf(as)));
      if (response.status !== 200) throw unexpected(response);
    },
  };
}
