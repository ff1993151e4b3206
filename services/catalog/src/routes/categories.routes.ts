import { Category } from '@comptoir/contracts';
import type { Role } from '@comptoir/platform';
import { BODY_PROBLEMS, Cursor, type HttpApp, Limit, PageOf, problems, Type } from '@comptoir/platform';
import type { CategoryCatalog } from '../domain/categories.ts';
import { IdParams } from './schemas.ts';

const tags = ['categories'];
const headOffice = { roles: ['admin'] as Role[] };

const Slug = Type.String({
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  maxLength: 64,
  description: 'Lower case words joined by dashes, unique.',
  examples: ['mobilier-de-jardin'],
});
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', examples: ['Mobilier de jardin'] });

const CategoryInput = Type.Object(
  { slug: Slug, name: Name },
  { additionalProperties: false, title: 'CategoryInput' },
);
const CategoryPatch = Type.Object(
  { slug: Type.Optional(Slug), name: Type.Optional(Name) },
  { additionalProperties: false, minProperties: 1, title: 'CategoryPatch' },
);
const CategoryListQuery = Type.Object(
  { limit: Limit, cursor: Type.Optional(Cursor) },
  { additionalProperties: false },
);
const CategoryPage = PageOf(Category, 'CategoryPage');
const IdOrSlugParams = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'The category id, or its slug.',
  }),
});

export function categoryRoutes(app: HttpApp, categories: CategoryCatalog): void {
  app.get(
    '/categories',
    {
      config: { public: true },
      schema: {
        summary: 'List categories',
        tags,
        operationId: 'listCategories',
        querystring: CategoryListQuery,
        response: { 200: CategoryPage, ...problems(400) },
      },
    },
    (request) => categories.list(request.query.limit, request.query.cursor),
  );

  app.post(
    '/categories',
    {
      config: headOffice,
      schema: {
        summary: 'Create a category',
        tags,
        operationId: 'createCategory',
        body: CategoryInput,
        response: { 201: Category, ...problems(...BODY_PROBLEMS, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return categories.create(request.body);
    },
  );

  app.get(
    '/categories/:id',
    {
      config: { public: true },
      schema: {
        summary: 'Get a category by id or slug',
        tags,
        operationId: 'getCategory',
        params: IdOrSlugParams,
        response: { 200: Category, ...problems(400, 404) },
      },
    },
    (request) => categories.get(request.params.id),
  );

  app.patch(
    '/categories/:id',
    {
      config: headOffice,
      schema: {
        summary: 'Rename a category or change its slug',
        tags,
        operationId: 'updateCategory',
        params: IdParams,
        body: CategoryPatch,
        response: { 200: Category, ...problems(...BODY_PROBLEMS, 401, 403, 404, 409) },
      },
    },
    (request) => categories.update(request.params.id, request.body),
  );

  app.delete(
    '/categories/:id',
    {
      config: headOffice,
      schema: {
        summary: 'Delete a category that has no products',
        tags,
        operationId: 'deleteCategory',
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await categories.remove(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
