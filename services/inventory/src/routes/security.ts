import type { FastifyContextConfig } from 'fastify';

type SwaggerTransform = Exclude<NonNullable<FastifyContextConfig['swaggerTransform']>, false>;

/**
 * In the OpenAPI document, the operation takes identity's access token. The kit's document
 * declares no security scheme yet, so this adds `bearerAuth` to it as well, before the operation
 * refers to it. (Catalog has the same; were the kit to declare it, both would shrink to `schema.security`.)
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

/**
 * The config of a route of the `authenticated` group that needs a valid token (401 otherwise),
 * said in the OpenAPI document too. Who may do what beyond that is the domain's call (`access.ts`):
 * it depends on the location, and machine clients carry scopes rather than roles.
 */
export const signedIn = () => ({ swaggerTransform: bearerAuth });
