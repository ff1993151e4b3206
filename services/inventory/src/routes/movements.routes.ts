import { LocationId, Movement, Sku, StockLevel, StockLine } from '@comptoir/contracts';
import { BODY_PROBLEMS, type HttpApp, principalOf, problems, Type } from '@comptoir/platform';
import type { StockMovements } from '../domain/movements.ts';
import { answer, IdempotencyHeaders, Quantity, Reason, Reference } from './schemas.ts';

const at = { sku: Sku, locationId: LocationId };
const options = (title: string) => ({ additionalProperties: false, title });

const Receive = Type.Object(
  {
    kind: Type.Literal('receive'),
    ...at,
    quantity: Quantity,
    reason: Type.Optional(Reason),
    reference: Type.Optional(Reference),
  },
  options('Receive'),
);
const Adjust = Type.Object(
  {
    kind: Type.Literal('adjust'),
    ...at,
    quantity: Type.Integer({
      minimum: -1_000_000,
      maximum: 1_000_000,
      not: { const: 0 },
      description: 'Signed: negative for breakage, theft, samples…',
    }),
    reason: Reason,
  },
  options('Adjust'),
);
const Count = Type.Object(
  {
    kind: Type.Literal('count'),
    ...at,
    counted: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Units found on the shelf.' }),
    reason: Reason,
  },
  options('Count'),
);
const Transfer = Type.Object(
  {
    kind: Type.Literal('transfer'),
    sku: Sku,
    fromLocationId: LocationId,
    toLocationId: LocationId,
    quantity: Quantity,
    reason: Type.Optional(Reason),
    reference: Type.Optional(Reference),
  },
  options('Transfer'),
);

const MovementResult = Type.Object(
  { movements: Type.Array(Movement), levels: Type.Array(StockLevel) },
  { additionalProperties: false, title: 'MovementResult' },
);

const Delivery = Type.Object(
  {
    locationId: LocationId,
    lines: Type.Array(StockLine, { minItems: 1, maxItems: 500, description: 'One line per sku.' }),
    reason: Type.Optional(Reason),
    reference: Type.Optional(Reference),
  },
  options('Delivery'),
);

export function movementRoutes(app: HttpApp, movements: StockMovements): void {
  app.post(
    '/receipts',
    {
      schema: {
        summary: 'Receive a delivery: many skus at one location',
        description:
          'A delivery note: one `receive` movement per line, all in one transaction (all or none). ' +
          'Head office anywhere, a store manager at its stores. Optional `Idempotency-Key`: a retry ' +
          'receives nothing twice.',
        tags: ['movements'],
        operationId: 'receiveDelivery',
        headers: IdempotencyHeaders,
        body: Delivery,
        response: { 201: MovementResult, ...problems(...BODY_PROBLEMS, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const result = await movements.receiveDelivery(
        principalOf(request, reply),
        request.body,
        request.headers['idempotency-key'],
      );
      return answer(reply, result);
    },
  );

  app.post(
    '/movements',
    {
      schema: {
        summary: 'Receive, count, adjust or transfer stock',
        description:
          '`receive` adds stock; `count` sets the level to what was counted (the movement is the ' +
          'difference); `adjust` changes it by a signed quantity; `transfer` moves stock between two ' +
          'locations (two movements, one transaction). Head office anywhere; a store manager at its ' +
          'stores’ locations (both ends of a transfer). Stock never goes below what is reserved: ' +
          '409 `INVENTORY_INSUFFICIENT_STOCK` with the sku and the available quantity.',
        tags: ['movements'],
        operationId: 'recordMovement',
        headers: IdempotencyHeaders,
        body: Type.Union([Receive, Count, Adjust, Transfer]),
        response: { 201: MovementResult, ...problems(...BODY_PROBLEMS, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await movements.record(
        principalOf(request, reply),
        request.body,
        request.headers['idempotency-key'],
      );
      return answer(reply, result);
    },
  );
}
