import { LocationId, Movement, StockLine } from '@comptoir/contracts';
import { BODY_PROBLEMS, type HttpApp, principalOf, problems, Type } from '@comptoir/platform';
import type { CounterSales } from '../domain/counter-sales.ts';
import { answer, IdempotencyHeaders, Reference } from './schemas.ts';

const tags = ['point of sale'];

const CounterInput = Type.Object(
  {
    saleId: {
      ...Reference,
      description: 'The sale in ordering; every movement carries it as its reference.',
    },
    locationId: LocationId,
    lines: Type.Array(StockLine, { minItems: 1, maxItems: 200, description: 'One line per sku.' }),
  },
  { additionalProperties: false, title: 'CounterInput' },
);
const CounterMovements = Type.Object(
  { saleId: Type.String(), locationId: LocationId, movements: Type.Array(Movement) },
  { additionalProperties: false, title: 'CounterMovements' },
);

const common = {
  tags,
  headers: IdempotencyHeaders,
  body: CounterInput,
  response: { 201: CounterMovements, ...problems(...BODY_PROBLEMS, 401, 403, 409, 422, 428) },
};

/**
 * The counter's path, for ordering's `POST /sales` while the cashier waits. A sale's stock is
 * "sale-movements": one `sale` movement per line, all of them or none.
 */
export function counterRoutes(app: HttpApp, sales: CounterSales): void {
  app.post(
    '/sale-movements',
    {
      schema: {
        ...common,
        summary: 'Take a sale’s stock at a store',
        description:
          'Every line is taken at the location in one transaction, or none is: a short line is a 409 ' +
          '`INVENTORY_INSUFFICIENT_STOCK` naming the sku and the available quantity, and nothing moves. ' +
          'Needs an `Idempotency-Key` (428 without): a retry, even one racing the first, answers the ' +
          'first result; a refused sale stores nothing, so its retry is judged afresh. The store’s ' +
          'cashiers and managers, head office, or a platform client with `stock:write`.',
        operationId: 'takeSaleStock',
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await sales.sell(principalOf(request, reply), request.headers['idempotency-key'], request.body),
      ),
  );

  app.post(
    '/return-movements',
    {
      schema: {
        ...common,
        summary: 'Put a returned sale’s stock back at a store',
        description:
          'The mirror of `/sale-movements`: one `return` movement per line, once per `Idempotency-Key`.',
        operationId: 'returnSaleStock',
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await sales.takeBack(principalOf(request, reply), request.headers['idempotency-key'], request.body),
      ),
  );
}
