import { type HttpApp, principalOf, Type } from '@comptoir/platform';
import type { ApiKeys } from '../domain/api-keys.ts';
import { IdParams, NoContent, PageOf, PageQuery, problems, Scopes } from './schemas.ts';

const tags = ['api-keys'];

const ApiKey = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String({ description: 'The public part of the key, to recognise it.' }),
    ownerId: Type.String(),
    scopes: Type.Array(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'ApiKey' },
);

const Introspection = Type.Object(
  {
    active: Type.Boolean(),
    principal: Type.Optional(
      Type.Object({
        subject: Type.String(),
        kind: Type.Literal('api_key'),
        roles: Type.Array(Type.String()),
        storeIds: Type.Array(Type.String()),
        scopes: Type.Array(Type.String()),
      }),
    ),
    accessToken: Type.Optional(
      Type.String({ description: 'A short-lived JWT for the key: what services verify.' }),
    ),
    expiresIn: Type.Optional(Type.Integer()),
  },
  { title: 'ApiKeyIntrospection' },
);

export function apiKeyRoutes(app: HttpApp, keys: ApiKeys): void {
  app.post(
    '/api-keys',
    {
      config: { roles: ['admin', 'seller'] },
      schema: {
        summary: 'Create an API key (admin or seller)',
        description: 'The `key` is shown in this answer only; store it safely.',
        tags,
        operationId: 'createApiKey',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), scopes: Scopes },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Composite([ApiKey, Type.Object({ key: Type.String() })]),
          ...problems(400, 401, 403, 413, 415),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await keys.create(principalOf(request, reply), request.body)),
  );

  app.get(
    '/api-keys',
    {
      schema: {
        summary: 'My API keys (an admin sees all)',
        tags,
        operationId: 'listApiKeys',
        querystring: PageQuery,
        response: { 200: PageOf(ApiKey, 'ApiKeyPage'), ...problems(400, 401) },
      },
    },
    (request, reply) => keys.list(principalOf(request, reply), request.query.limit, request.query.cursor),
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        summary: 'Revoke an API key',
        tags,
        operationId: 'revokeApiKey',
        params: IdParams,
        response: { 204: NoContent, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await keys.revoke(principalOf(request, reply), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api-keys/introspect',
    {
      // Public: holding the key is the credential; what it yields is that key's own token.
      config: { public: true },
      schema: {
        summary: 'Check an API key and get a short-lived access token for it',
        description: 'For the gateway. `{ active: false }` for an unknown, revoked or malformed key.',
        tags,
        operationId: 'introspectApiKey',
        body: Type.Object(
          { key: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: { 200: Introspection, ...problems(400, 413, 415) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return keys.introspect(request.body.key);
    },
  );
}
