import type { FastifyContextConfig } from 'fastify';

type SwaggerTransform = Exclude<NonNullable<FastifyContextConfig['swaggerTransform']>, false>;

/**
 * In the OpenAPI document, the operation takes identity's access token. The kit's document
 * declares no security scheme yet, so this adds `bearerAuth` to it (as catalog does), before the
 * operation refers to it. Who may do what is decided in `domain/access.ts`: it depends on the
 * payment method and on a machine's scopes, which a role list cannot say.
 */
const bearerAuth: SwaggerTransform = ({ schema, url, ...document }) => {
  if ('openapiObject' in document) {
    document.openapiObject.components ??= {};
    const { components } = document.openapiObject;
    components.securitySchemes = {
      ...components.securitySchemes,
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'An access token from identity.',
      },
    };
  }
  return { schema: { ...schema, security: [{ bearerAuth: [] }] }, url };
};

/** The config of a route of the `authenticated` group: a token is needed, said in the OpenAPI document too. */
export const signedIn = { swaggerTransform: bearerAuth };
