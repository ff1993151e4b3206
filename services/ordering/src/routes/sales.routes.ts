import { BODY_PROBLEMS, type HttpApp, PageOf, principalOf, problems } from '@comptoir/platform';
import type { FastifyRequest } from 'fastify';
import type { PlaceSale } from '../domain/place-sale.ts';
import type { OnBehalfOf } from '../domain/ports.ts';
import type { ReturnSale } from '../domain/return-sale.ts';
import type { SaleQueries } from '../domain/sale-queries.ts';
import {
  answer,
  IdempotencyHeaders,
  IdParams,
  ReturnInput,
  replayHeaders,
  Sale,
  SaleInput,
  SaleListQuery,
  SaleReturn,
} from './schemas.ts';

const tags = ['sales'];
const STAFF = { roles: ['cashier', 'store_manager', 'admin'] as const };

export interface SaleUseCases {
  place: PlaceSale;
  returns: ReturnSale;
  queries: SaleQueries;
}

/** Calls to other services go on behalf of the caller, with their own token. */
const onBehalfOf = (request: FastifyRequest): OnBehalfOf => ({
  authorization: request.headers.authorization ?? '',
});

export function saleRoutes(app: HttpApp, { place, returns, queries }: SaleUseCases): void {
  app.post(
    '/sales',
    {
      config: { roles: [...STAFF.roles] },
      schema: {
        summary: 'Sell a register’s cart: stock, payment, receipt',
        description:
          'Needs `Idempotency-Key` (428 without). The cart’s store’s cashiers and managers, or head office. ' +
          'Takes every line’s stock at the store (409 `ORDERING_INSUFFICIENT_STOCK`, problem type ' +
          '`insufficient-stock`, naming the sku: nothing sold), takes the payment (a declined card is a 402 ' +
          '`ORDERING_PAYMENT_DECLINED` and the stock goes back; payments unavailable is a 503 with Retry-After), ' +
          'then records the sale with a receipt number sequential per register and publishes `sale.completed`. ' +
          'A retry with the same key answers the first result (or resumes a sale cut short); while the first ' +
          'is running it is a 409 `ORDERING_REQUEST_IN_PROGRESS`.',
        tags,
        operationId: 'createSale',
        headers: IdempotencyHeaders,
        body: SaleInput,
        response: {
          201: { ...Sale, headers: replayHeaders },
          ...problems(...BODY_PROBLEMS, 401, 402, 403, 409, 422, 428, 503),
        },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request, reply);
      const key = request.headers['idempotency-key'];
      await answer(reply, await place.execute(actor, onBehalfOf(request), key, request.body));
    },
  );

  app.get(
    '/sales',
    {
      config: { roles: [...STAFF.roles] },
      schema: {
        summary: 'List completed sales, newest first',
        description:
          'Of one store (`storeId`), cash session (`sessionId`) or register (`registerId`). Staff see the ' +
          'stores they work in (another store’s `storeId` is a 403); head office sees every store.',
        tags,
        operationId: 'listSales',
        querystring: SaleListQuery,
        response: { 200: PageOf(Sale, 'SalePage'), ...problems(400, 401, 403) },
      },
    },
    (request, reply) => queries.list(principalOf(request, reply), request.query),
  );

  app.get(
    '/sales/:id',
    {
      config: { roles: [...STAFF.roles] },
      schema: {
        summary: 'Get a completed sale with its receipt and returns',
        description: 'The store’s staff and head office; anyone else gets a 404.',
        tags,
        operationId: 'getSale',
        params: IdParams,
        response: { 200: Sale, ...problems(400, 401, 403, 404) },
      },
    },
    (request, reply) => queries.get(principalOf(request, reply), request.params.id),
  );

  app.post(
    '/sales/:id/returns',
    {
      config: { roles: [...STAFF.roles] },
      schema: {
        summary: 'Take back some or all of a sale: refund and restock',
        description:
          'Needs `Idempotency-Key`. The store’s staff and head office. Refunds the returned lines’ share ' +
          'of the sale with their taxes (README: the refund rule), puts their stock back at the store, and ' +
          'publishes `sale.returned`. More than was sold, counting earlier returns, is a 422 ' +
          '`ORDERING_RETURN_EXCEEDS_SALE`.',
        tags,
        operationId: 'createSaleReturn',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ReturnInput,
        response: {
          201: { ...SaleReturn, headers: replayHeaders },
          ...problems(...BODY_PROBLEMS, 401, 403, 404, 409, 422, 428, 503),
        },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request, reply);
      const key = request.headers['idempotency-key'];
      const result = await returns.execute(actor, onBehalfOf(request), request.params.id, key, request.body);
      await answer(reply, result);
    },
  );
}
