import { BODY_PROBLEMS, type HttpApp, PageOf, principalOf, problems } from '@comptoir/platform';
import type { OrderQueries } from '../domain/order-queries.ts';
import type { PlaceOrder } from '../domain/place-order.ts';
import type { ShipOrder } from '../domain/ship-order.ts';
import {
  Order,
  OrderAccepted,
  OrderIdParams,
  OrderInput,
  OrderListQuery,
  PageQuery,
  SellerSale,
  ShipmentInput,
  ShipmentParams,
} from './order-schemas.ts';
import { answer, IdempotencyHeaders, replayHeaders } from './schemas.ts';

const tags = ['orders'];

export interface OrderUseCases {
  place: PlaceOrder;
  queries: OrderQueries;
  shipping: ShipOrder;
}

export function orderRoutes(app: HttpApp, { place, queries, shipping }: OrderUseCases): void {
  app.post(
    '/orders',
    {
      config: { roles: ['customer'] },
      schema: {
        summary: 'Place an online order: 202, then the checkout saga settles it',
        description:
          'Needs `Idempotency-Key` (428 without). A signed-in customer. Every line is priced from the catalog ' +
          'now; with `expectedTotal` and another fresh total, 409 `ORDERING_PRICE_CHANGED` with the fresh ' +
          'lines and totals (nothing kept, nothing charged). The card is tokenised by payments (ordering keeps ' +
          'the token, brand and last 4). The order is saved `pending` with `order.placed`; the saga then ' +
          'reserves its stock online, charges the card and confirms it — or cancels it with its reason. ' +
          'A retry with the same key answers the first 202.',
        tags,
        operationId: 'placeOrder',
        headers: IdempotencyHeaders,
        body: OrderInput,
        response: {
          202: { ...OrderAccepted, headers: replayHeaders },
          ...problems(...BODY_PROBLEMS, 401, 403, 409, 422, 428, 503),
        },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request, reply);
      const as = { authorization: request.headers.authorization ?? '' };
      await answer(reply, await place.execute(actor, as, request.headers['idempotency-key'], request.body));
    },
  );

  app.get(
    '/orders',
    {
      config: { roles: ['customer', 'admin'] },
      schema: {
        summary: 'List orders, newest first',
        description:
          'A customer’s own orders; head office every order, by `status`, `customerId`, `from`, `to`.',
        tags,
        operationId: 'listOrders',
        querystring: OrderListQuery,
        response: { 200: PageOf(Order, 'OrderPage'), ...problems(400, 401, 403) },
      },
    },
    (request, reply) => queries.list(principalOf(request, reply), request.query),
  );

  app.get(
    '/orders/:id',
    {
      schema: {
        summary: 'Get an order with its history and shipments',
        description: 'Its customer, head office, or a seller with a line in it; anyone else gets a 404.',
        tags,
        operationId: 'getOrder',
        params: OrderIdParams,
        response: { 200: Order, ...problems(400, 401, 404) },
      },
    },
    (request, reply) => queries.get(principalOf(request, reply), request.params.id),
  );

  app.post(
    '/orders/:id/shipments',
    {
      config: { roles: ['seller', 'admin'] },
      schema: {
        summary: 'Ship some lines of a confirmed order',
        description:
          'The lines’ seller, or head office. Lines not yet shipped only; the order becomes ' +
          '`partially_shipped` or `shipped`, and `order.shipped` names the shipment.',
        tags,
        operationId: 'shipOrderLines',
        params: OrderIdParams,
        body: ShipmentInput,
        response: { 201: Order, ...problems(...BODY_PROBLEMS, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const order = await shipping.ship(principalOf(request, reply), request.params.id, request.body);
      reply.code(201);
      return order;
    },
  );

  app.post(
    '/orders/:id/shipments/:shipmentId/delivered',
    {
      config: { roles: ['seller', 'admin'] },
      schema: {
        summary: 'Mark a shipment delivered',
        description:
          'Its seller, or head office. Once every shipment of a fully shipped order is delivered, the order ' +
          'is `delivered` and `order.delivered` is published. Marking it again changes nothing.',
        tags,
        operationId: 'markShipmentDelivered',
        params: ShipmentParams,
        response: { 200: Order, ...problems(400, 401, 403, 404, 409) },
      },
    },
    (request, reply) =>
      shipping.delivered(principalOf(request, reply), request.params.id, request.params.shipmentId),
  );

  app.get(
    '/seller/sales',
    {
      config: { roles: ['seller'] },
      schema: {
        summary: 'A seller’s sales: their lines of online orders, newest first',
        tags,
        operationId: 'listSellerSales',
        querystring: PageQuery,
        response: { 200: PageOf(SellerSale, 'SellerSalePage'), ...problems(400, 401, 403) },
      },
    },
    (request, reply) => queries.sellerSales(principalOf(request, reply), request.query),
  );
}
