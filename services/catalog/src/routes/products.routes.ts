import { Product } from '@comptoir/contracts';
import { BODY_PROBLEMS, type HttpApp, problems, Type } from '@comptoir/platform';
import type { ProductCatalog } from '../domain/products.ts';
import { etagOf, versionCondition } from './etag.ts';
import { ProductInput, ProductListQuery, ProductPage, ProductPatch } from './product.schemas.ts';
import { IdParams, IfMatchHeaders } from './schemas.ts';

const tags = ['products'];
const withETag = {
  description: 'The product; its ETag is its version.',
  headers: { etag: { type: 'string' } },
};

export function productRoutes(app: HttpApp, products: ProductCatalog): void {
  app.get(
    '/products',
    {
      schema: {
        summary: 'List or search products',
        description: 'Keyset pages. With `q`, by relevance; otherwise in creation order.',
        tags,
        operationId: 'listProducts',
        querystring: ProductListQuery,
        response: { 200: ProductPage, ...problems(400) },
      },
    },
    (request) => products.list(request.query),
  );

  app.post(
    '/products',
    {
      schema: {
        summary: 'Create a product',
        tags,
        operationId: 'createProduct',
        body: ProductInput,
        response: { 201: { ...withETag, ...Product }, ...problems(...BODY_PROBLEMS, 409, 422) },
      },
    },
    async (request, reply) => {
      const product = await products.create(request.body);
      reply.code(201).header('etag', etagOf(product.version));
      return product;
    },
  );

  app.get(
    '/products/:id',
    {
      schema: {
        summary: 'Get a product',
        tags,
        operationId: 'getProduct',
        params: IdParams,
        response: { 200: { ...withETag, ...Product }, ...problems(404) },
      },
    },
    async (request, reply) => {
      const product = await products.get(request.params.id);
      reply.header('etag', etagOf(product.version));
      return product;
    },
  );

  app.patch(
    '/products/:id',
    {
      schema: {
        summary: 'Edit a product',
        description:
          'Only the fields given change. With `If-Match`, only if the product is still at that version.',
        tags,
        operationId: 'updateProduct',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ProductPatch,
        response: { 200: { ...withETag, ...Product }, ...problems(...BODY_PROBLEMS, 404, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const condition = versionCondition(request.headers['if-match']);
      const product = await products.update(request.params.id, request.body, condition);
      reply.header('etag', etagOf(product.version));
      return product;
    },
  );

  app.delete(
    '/products/:id',
    {
      schema: {
        summary: 'Delete a product',
        tags,
        operationId: 'deleteProduct',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(404, 412) },
      },
    },
    async (request, reply) => {
      await products.remove(request.params.id, versionCondition(request.headers['if-match']));
      return reply.code(204).send(null);
    },
  );
}
