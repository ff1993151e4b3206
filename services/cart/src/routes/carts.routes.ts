import type { Role } from '@comptoir/platform';
import { BODY_PROBLEMS, type HttpApp, problems, Type } from '@comptoir/platform';
import type { Carts } from '../domain/carts.ts';
import { callerOf } from './caller.ts';
import { versionCondition, withETag } from './etag.ts';
import { CartAnswer, CartParams, CartQuery, IfMatchHeaders, OpenCartInput } from './schemas.ts';

const tags = ['carts'];
const storeStaff = { roles: ['cashier', 'store_manager', 'admin'] as Role[] };

export function cartRoutes(app: HttpApp, carts: Carts): void {
  app.post(
    '/carts',
    {
      config: storeStaff,
      schema: {
        summary: 'Open the basket of a register session',
        description:
          'One cart per open cash session: the first call makes it (201), every later one — even one ' +
          'racing the first — answers the same cart (200). The session must be open (409 ' +
          '`CART_SESSION_NOT_OPEN`) and at a store of the caller (404 otherwise); the cart takes its ' +
          'store’s currency and taxes. The store’s cashiers and managers, or head office.',
        tags,
        operationId: 'openCart',
        body: OpenCartInput,
        response: {
          200: CartAnswer,
          201: CartAnswer,
          ...problems(...BODY_PROBLEMS, 401, 403, 404, 409, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { cart, created } = await carts.open(callerOf(request, reply), request.body.sessionId);
      reply.code(created ? 201 : 200);
      return withETag(reply, cart);
    },
  );

  app.get(
    '/carts',
    {
      schema: {
        summary: 'The cart of a register session',
        description: '404 when the session has no cart (yet, or any more), or it is not the caller’s.',
        tags,
        operationId: 'getSessionCart',
        querystring: CartQuery,
        response: { 200: CartAnswer, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) =>
      withETag(reply, await carts.ofSession(callerOf(request, reply), request.query.sessionId)),
  );

  app.get(
    '/carts/:id',
    {
      schema: {
        summary: 'Get a cart',
        description: 'The store’s cashiers and managers, or head office; 404 for anyone else.',
        tags,
        operationId: 'getCart',
        params: CartParams,
        response: { 200: CartAnswer, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => withETag(reply, await carts.get(callerOf(request, reply), request.params.id)),
  );

  app.delete(
    '/carts/:id',
    {
      schema: {
        summary: 'Discard a cart',
        description:
          'Ordering discards the basket once its sale is complete. A cart already gone is a 204 too; ' +
          'with `If-Match`, only at that version (412 otherwise).',
        tags,
        operationId: 'discardCart',
        params: CartParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Discarded.' }), ...problems(400, 401, 404, 412) },
      },
    },
    async (request, reply) => {
      const condition = versionCondition(request.headers['if-match']);
      await carts.discard(callerOf(request, reply), request.params.id, condition);
      return reply.code(204).send(null);
    },
  );
}
