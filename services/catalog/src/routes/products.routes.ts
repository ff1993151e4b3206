import { Product } from '@comptoir/contracts';
import type { Role } from '@comptoir/platform';
import { BODY_PROBLEMS, type HttpApp, principalOf, problems, Type } from '@comptoir/platform';
import type { ProductCatalog } from '../domain/products.ts';
import { etagOf, versionCondition } from './etag.ts';
import { ProductInput, ProductListQuery, ProductPage, ProductPatch } from './product.schemas.ts';
import { IdParams, IfMatchHeaders } from './schemas.ts';

const tags = ['products'];
// Head office and sellers write; the domain keeps a seller to its own products.
const writers = { roles: ['admin', 'seller'] as Role[] };
const withETag = {
  description: 'The product; its ETag is its version.',
  headers: { etag: { type: 'string' } },
};

export function productRoutes(app: HttpApp, products: ProductCatalog): void {
  app.get(
    '/products',
    {
      config: { public: true },
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
      config: writers,
      schema: {
        summary: 'Create a product',
        description: 'A seller lists it under its own id (`sellerId` set for it); head office under any.',
        tags,
        operationId: 'createProduct',
        body: ProductInput,
        response: { 201: { ...withETag, ...Product }, ...problems(...BODY_PROBLEMS, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const product = await products.create(principalOf(request, reply), request.body);
      reply.code(201).header('etag', etagOf(product.version));
      return product;
    },
  );

  app.get(
    '/products/:id',
    {
      config: { public: true },
      schema: {
        summary: 'Get a product',
        tags,
        operationId: 'getProduct',
        params: IdParams,
        response: { 200: { ...withETag, ...Product }, ...problems(400, 404) },
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
      config: writers,
      schema: {
        summary: 'Edit a product',
        description:
          'Only the fields given change. With `If-Match`, only if the product is still at that version. ' +
          'A seller edits only its own products.',
        tags,
        operationId: 'updateProduct',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ProductPatch,
        response: {
          200: { ...withETag, ...Product },
          ...problems(...BODY_PROBLEMS, 401, 403, 404, 409, 412, 422),
        },
      },
    },
    async (request, reply) => {
      const condition = versionCondition(request.headers['if-match']);
      const product = await products.update(
        principalOf(request, reply),
        request.params.id,
        request.body,
        condition,
      );
      reply.header('etag', etagOf(product.version));
      return product;
    },
  );

  app.delete(
    '/products/:id',
    {
      config: writers,
      schema: {
        summary: 'Delete a product',
        description: 'A seller deletes only its own products.',
        tags,
        operationId: 'deleteProduct',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const condition = versionCondition(request.headers['if-match']);
      await products.remove(principalOf(request, reply), request.params.id, condition);
      return reply.code(204).send(null);
    },
  );
}
