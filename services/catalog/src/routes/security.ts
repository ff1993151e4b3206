import type { Role } from '@comptoir/platform';
import type { FastifyContextConfig } from 'fastify';

type SwaggerTransform = Exclude<NonNullable<FastifyContextConfig['swaggerTransform']>, false>;

/**
 * In the OpenAPI document, the operation takes identity's access token. The kit's document
 * declares no security scheme yet, so this adds `bearerAuth` to it as well, before the operation
 * refers to it. (Were the kit to declare it, this would shrink to `schema.security`.)
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
 * The config of a route of the `authenticated` group that only callers holding one of `roles`
 * may use (401 without a valid token, 403 otherwise), said in the OpenAPI document too.
 */
export const signedInAs = (...roles: Role[]) => ({ roles, swaggerTransform: bearerAuth });
