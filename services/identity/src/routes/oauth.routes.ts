import { type HttpApp, principalOf, Type } from '@comptoir/platform';
import formbody from '@fastify/formbody';
import type { OAuthClients } from '../domain/oauth-clients.ts';
import { asOAuthError, readTokenRequest } from './oauth-request.ts';
import { IdParams, NoContent, PageOf, PageQuery, problems, Scopes } from './schemas.ts';

const tags = ['oauth'];

const Client = Type.Object(
  {
    clientId: Type.String(),
    name: Type.String(),
    scopes: Type.Array(Type.String()),
    createdBy: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'OAuthClient' },
);

const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
});

const OAuthErrorBody = Type.Object({ error: Type.String(), error_description: Type.String() });

export async function oauthRoutes(app: HttpApp, clients: OAuthClients): Promise<void> {
  app.post(
    '/oauth/clients',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Register a machine client (admin)',
        description: 'The `clientSecret` is shown in this answer only.',
        tags,
        operationId: 'createOAuthClient',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), scopes: Scopes },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Composite([Client, Type.Object({ clientSecret: Type.String() })]),
          ...problems(400, 401, 403, 413, 415),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await clients.create(principalOf(request, reply), request.body)),
  );

  app.get(
    '/oauth/clients',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Machine clients (admin)',
        tags,
        operationId: 'listOAuthClients',
        querystring: PageQuery,
        response: { 200: PageOf(Client, 'OAuthClientPage'), ...problems(400, 401, 403) },
      },
    },
    (request) => clients.list(request.query.limit, request.query.cursor),
  );

  app.delete(
    '/oauth/clients/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Revoke a machine client (admin)',
        tags,
        operationId: 'revokeOAuthClient',
        params: IdParams,
        response: { 204: NoContent, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await clients.revoke(request.params.id);
      return reply.code(204).send(null);
    },
  );

  // Form bodies are for this endpoint alone (RFC 6749 §4.4.2), hence its own plugin scope.
  await app.register(async (scope) => {
    await scope.register(formbody);
    scope.post(
      '/oauth/token',
      {
        config: { public: true },
        // RFC 6749 §5.2 fixes this endpoint's error shape; OAuth clients expect it, so here it
        // wins over problem+json.
        errorHandler(error, _request, reply) {
          const oauth = asOAuthError(error);
          if (!oauth) throw error; // the kit's problem+json handler takes the rest
          if (oauth.error === 'invalid_client') reply.header('www-authenticate', 'Basic realm="comptoir"');
          reply
            .code(oauth.error === 'invalid_client' ? 401 : 400)
            .header('cache-control', 'no-store')
            .send({ error: oauth.error, error_description: oauth.description });
        },
        schema: {
          summary: 'OAuth2 client credentials token (RFC 6749 §4.4)',
          description:
            'Form (`application/x-www-form-urlencoded`) or JSON body: `grant_type=client_credentials`, optional `scope`; ' +
            'the client authenticates with HTTP Basic or `client_id`/`client_secret`. Errors use the RFC 6749 §5.2 shape.',
          tags,
          operationId: 'oauthToken',
          response: { 200: TokenResponse, 400: OAuthErrorBody, 401: OAuthErrorBody },
        },
      },
      async (request, reply) => {
        const { clientId, clientSecret, scope: asked } = readTokenRequest(request.headers, request.body);
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        return clients.token(clientId, clientSecret, asked);
      },
    );
  });
}
