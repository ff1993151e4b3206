import type { Role } from '@comptoir/platform';
import { BODY_PROBLEMS, DomainError, type HttpApp, problems, requireRole, Type } from '@comptoir/platform';
import type { Carts } from '../domain/carts.ts';
import { callerOf, visitorOf } from './caller.ts';
import { versionCondition, withETag } from './etag.ts';
import {
  bearerOptional,
  CartAnswer,
  CartParams,
  CartQuery,
  CartTokenHeaders,
  MergeAnswer,
  MergeInput,
  OpenCartInput,
  OpenedCartAnswer,
  RepriceAnswer,
} from './schemas.ts';

const tags = ['carts'];
const storeStaff: Role[] = ['cashier', 'store_manager', 'admin'];

export function cartRoutes(app: HttpApp, carts: Carts): void {
  app.post(
    '/carts',
    {
      config: { public: true },
      schema: {
        summary: 'Open a basket: a register session’s, a customer’s or a visitor’s',
        description:
          '`pos` (the default) — one cart per open cash session: the first call makes it (201), every ' +
          'later one — even one racing the first — answers the same cart (200). The session must be ' +
          'open (409 `CART_SESSION_NOT_OPEN`) and at a store of the caller (404 otherwise); the cart ' +
          'takes its store’s currency and taxes. The store’s cashiers and managers, or head office.\n\n' +
          '`online` — with a customer’s token: their one cart (201 made, 200 already there, even for ' +
          'calls racing each other). Without a token: a new anonymous cart (201) with its secret ' +
          '`cartToken`, given this once, to send as `X-Cart-Token` on every call to that cart. In the ' +
          'shop’s currency with Quebec’s taxes.',
        tags,
        operationId: 'openCart',
        security: bearerOptional,
        body: OpenCartInput,
        response: {
          200: CartAnswer,
          201: OpenedCartAnswer,
          ...problems(...BODY_PROBLEMS, 401, 403, 404, 409, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { channel = 'pos', sessionId } = request.body;
      if (channel === 'online') {
        if (sessionId !== undefined) {
          throw invalidBody('/body/sessionId', 'an online cart belongs to no register session');
        }
        const caller = visitorOf(request, reply, { needsCartToken: false });
        if (caller.principal) await requireRole('customer')(request, reply);
        const { cart, created, cartToken } = await carts.openOnline(caller);
        reply.code(created ? 201 : 200);
        withETag(reply, cart);
        return cartToken === undefined ? cart : { ...cart, cartToken };
      }
      const caller = callerOf(request, reply);
      await requireRole(...storeStaff)(request, reply);
      if (sessionId === undefined) throw invalidBody('/body/sessionId', 'is required for a register’s cart');
      const { cart, created } = await carts.open(caller, sessionId);
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
    '/carts/mine',
    {
      config: { roles: ['customer'] },
      schema: {
        summary: 'The signed-in customer’s cart',
        description: 'Their one online cart; 404 `CART_NOT_FOUND` when they have none (yet, or any more).',
        tags,
        operationId: 'getMyCart',
        response: { 200: CartAnswer, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => withETag(reply, await carts.mine(callerOf(request, reply))),
  );

  app.post(
    '/carts/mine/merge',
    {
      config: { roles: ['customer'] },
      schema: {
        summary: 'Merge a visitor’s anonymous cart into the customer’s cart, at sign-in',
        description:
          'The anonymous cart `cartId`, its secret in `X-Cart-Token`, goes into the customer’s cart ' +
          '(made if they have none): quantities of a sku in both are summed, capped at 999 (each capped ' +
          'line in `capped`); every merged line takes the catalog’s price now; a product no longer for ' +
          'sale is not merged (`dropped`). Then the anonymous cart is gone: merging it again is a 404 ' +
          'and changes nothing, and merges racing each other add it once.',
        tags,
        operationId: 'mergeCart',
        headers: CartTokenHeaders,
        body: MergeInput,
        response: { 200: MergeAnswer, ...problems(...BODY_PROBLEMS, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const merged = await carts.merge(callerOf(request, reply), request.body.cartId);
      withETag(reply, merged.cart);
      return merged;
    },
  );

  app.get(
    '/carts/:id',
    {
      config: { public: true },
      schema: {
        summary: 'Get a cart',
        description:
          'A register’s cart: its store’s cashiers and managers, or head office. A customer’s: that ' +
          'customer, or head office. An anonymous cart: whoever sends its `X-Cart-Token`. 404 for ' +
          'anyone else; 401 with neither a bearer token nor a cart token.',
        tags,
        operationId: 'getCart',
        security: bearerOptional,
        params: CartParams,
        headers: CartTokenHeaders,
        response: { 200: CartAnswer, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) =>
      withETag(
        reply,
        await carts.get(visitorOf(request, reply, { needsCartToken: true }), request.params.id),
      ),
  );

  app.post(
    '/carts/:id/reprice',
    {
      config: { public: true },
      schema: {
        summary: 'Check every line’s price against the catalog, before paying',
        description:
          'Reads each line’s product from the catalog now: a changed price replaces the line’s and is ' +
          'listed in `changes` (`from` the cart’s, `to` the catalog’s; empty when none), a product no ' +
          'longer for sale takes its line out (`removed`). The shop calls it before the payment step, ' +
          'so the customer sees a new price before paying. Who may read the cart may reprice it.',
        tags,
        operationId: 'repriceCart',
        security: bearerOptional,
        params: CartParams,
        headers: CartTokenHeaders,
        response: { 200: RepriceAnswer, ...problems(400, 401, 404, 409, 412, 422, 503) },
      },
    },
    async (request, reply) => {
      const caller = visitorOf(request, reply, { needsCartToken: true });
      const condition = versionCondition(request.headers['if-match']);
      const repriced = await carts.reprice(caller, request.params.id, condition);
      withETag(reply, repriced.cart);
      return repriced;
    },
  );

  app.delete(
    '/carts/:id',
    {
      config: { public: true },
      schema: {
        summary: 'Discard a cart',
        description:
          'Ordering discards the basket once its sale is complete. A cart already gone is a 204 too; ' +
          'with `If-Match`, only at that version (412 otherwise). An anonymous cart: with its ' +
          '`X-Cart-Token`.',
        tags,
        operationId: 'discardCart',
        security: bearerOptional,
        params: CartParams,
        headers: CartTokenHeaders,
        response: { 204: Type.Null({ description: 'Discarded.' }), ...problems(400, 401, 404, 412) },
      },
    },
    async (request, reply) => {
      const condition = versionCondition(request.headers['if-match']);
      const caller = visitorOf(request, reply, { needsCartToken: true });
      await carts.discard(caller, request.params.id, condition);
      return reply.code(204).send(null);
    },
  );
}

/** A body the schema lets through but whose fields do not go together: a 400 naming the field. */
function invalidBody(pointer: string, detail: string): DomainError {
  return new DomainError('validation', 'VALIDATION_FAILED', `The request is invalid: ${pointer} ${detail}.`, {
    errors: [{ pointer, detail }],
  });
}
