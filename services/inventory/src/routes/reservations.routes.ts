import { LocationId, Reservation, StockLine } from '@comptoir/contracts';
import { BODY_PROBLEMS, type HttpApp, principalOf, problems, Type } from '@comptoir/platform';
import type { Reservations } from '../domain/reservations.ts';
import { IdParams, Reference } from './schemas.ts';

const tags = ['reservations'];

const ReservationInput = Type.Object(
  {
    orderId: { ...Reference, description: 'One reservation per order: asking again answers the first.' },
    locationId: LocationId,
    lines: Type.Array(StockLine, { minItems: 1, maxItems: 200 }),
    ttlSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 86_400,
        description: 'How long to hold; the service default otherwise.',
      }),
    ),
  },
  { additionalProperties: false, title: 'ReservationInput' },
);

const who = 'Head office, or a platform client with `stock:write` (ordering’s checkout saga).';

export function reservationRoutes(app: HttpApp, reservations: Reservations): void {
  app.post(
    '/reservations',
    {
      schema: {
        summary: 'Hold stock for an online order',
        description:
          'Every line or none. Held: 201 and `stock.reserved`. Short: 409 `INVENTORY_INSUFFICIENT_STOCK` ' +
          'with `shortages`, and `stock.rejected` — the rejection is kept, so asking again answers it ' +
          'again. The same order again answers its reservation (200); with other lines, 422. ' +
          `Unless committed or released, the hold ends at \`expiresAt\`. ${who}`,
        tags,
        operationId: 'reserveStock',
        body: ReservationInput,
        response: { 200: Reservation, 201: Reservation, ...problems(...BODY_PROBLEMS, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { created, reservation } = await reservations.reserve(principalOf(request, reply), request.body);
      reply.code(created ? 201 : 200);
      return reservation;
    },
  );

  app.get(
    '/reservations/:id',
    {
      schema: {
        summary: 'Get a reservation',
        description: who,
        tags,
        operationId: 'getReservation',
        params: IdParams,
        response: { 200: Reservation, ...problems(400, 401, 403, 404) },
      },
    },
    (request, reply) => reservations.get(principalOf(request, reply), request.params.id),
  );

  app.post(
    '/reservations/:id/commit',
    {
      schema: {
        summary: 'Commit a reservation: the held stock leaves',
        description:
          'One `reservation_commit` movement per line and `stock.committed`. Committing again answers ' +
          'the reservation; a released one is a 409, and so is one past `expiresAt` (released on the spot). ' +
          who,
        tags,
        operationId: 'commitReservation',
        params: IdParams,
        response: { 200: Reservation, ...problems(400, 401, 403, 404, 409) },
      },
    },
    (request, reply) => reservations.commit(principalOf(request, reply), request.params.id),
  );

  app.post(
    '/reservations/:id/release',
    {
      schema: {
        summary: 'Release a reservation: the held stock is available again',
        description: `\`stock.released\`. Releasing again is harmless; a committed one is a 409. ${who}`,
        tags,
        operationId: 'releaseReservation',
        params: IdParams,
        response: { 200: Reservation, ...problems(400, 401, 403, 404, 409) },
      },
    },
    (request, reply) => reservations.release(principalOf(request, reply), request.params.id),
  );
}
