import { BODY_PROBLEMS, type HttpApp, problems } from '@comptoir/platform';
import type { Carts } from '../domain/carts.ts';
import { visitorOf } from './caller.ts';
import { versionCondition, withETag } from './etag.ts';
import {
  bearerOptional,
  CartAnswer,
  CartParams,
  CartTokenHeaders,
  LineInput,
  LineParams,
  QuantityInput,
} from './schemas.ts';

const tags = ['carts'];
const ifMatch =
  'With `If-Match`, only if the cart is still at that version (412 `CART_VERSION_MISMATCH` otherwise). ' +
  'An anonymous cart: with its `X-Cart-Token` (404 without it).';

/** An anonymous cart's visitor has no bearer token: the cart's own token (checked by the domain) stands in. */
const visitors = { public: true };

export function lineRoutes(app: HttpApp, carts: Carts): void {
  app.post(
    '/carts/:id/lines',
    {
      config: visitors,
      schema: {
        summary: 'Add a product to a cart',
        description:
          'By sku, priced as the catalog prices it at this moment (a snapshot of product id, name and ' +
          'price). A sku already in the cart grows its line, which takes the current price. Unknown or ' +
          `deleted sku: 422 \`CART_UNKNOWN_SKU\`. ${ifMatch}`,
        tags,
        operationId: 'addCartLine',
        params: CartParams,
        security: bearerOptional,
        headers: CartTokenHeaders,
        body: LineInput,
        response: { 200: CartAnswer, ...problems(...BODY_PROBLEMS, 401, 404, 409, 412, 422, 503) },
      },
    },
    async (request, reply) => {
      const condition = versionCondition(request.headers['if-match']);
      const cart = await carts.addLine(
        visitorOf(request, reply, { needsCartToken: true }),
        request.params.id,
        request.body,
        condition,
      );
      return withETag(reply, cart);
    },
  );

  app.patch(
    '/carts/:id/lines/:sku',
    {
      config: visitors,
      schema: {
        summary: 'Change the quantity of a line',
        description: `The line keeps the price it was added at. ${ifMatch}`,
        tags,
        operationId: 'changeCartLine',
        params: LineParams,
        security: bearerOptional,
        headers: CartTokenHeaders,
        body: QuantityInput,
        response: { 200: CartAnswer, ...problems(...BODY_PROBLEMS, 401, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const { id, sku } = request.params;
      const condition = versionCondition(request.headers['if-match']);
      const cart = await carts.changeLine(
        visitorOf(request, reply, { needsCartToken: true }),
        id,
        sku,
        request.body.quantity,
        condition,
      );
      return withETag(reply, cart);
    },
  );

  app.delete(
    '/carts/:id/lines/:sku',
    {
      config: visitors,
      schema: {
        summary: 'Remove a line',
        description: `Answers the cart without it; a sku not in the cart changes nothing. ${ifMatch}`,
        tags,
        operationId: 'removeCartLine',
        params: LineParams,
        security: bearerOptional,
        headers: CartTokenHeaders,
        response: { 200: CartAnswer, ...problems(400, 401, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const { id, sku } = request.params;
      const condition = versionCondition(request.headers['if-match']);
      return withETag(
        reply,
        await carts.removeLine(visitorOf(request, reply, { needsCartToken: true }), id, sku, condition),
      );
    },
  );
}
