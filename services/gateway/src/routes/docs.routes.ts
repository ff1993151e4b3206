import { type HttpApp, Type } from '@comptoir/platform';
import swaggerUi from '@fastify/swagger-ui';
import type { OpenApiAggregator } from '../openapi/aggregator.ts';

/**
 * `GET /api/openapi.json`, the whole public API in one document, and `/api/docs`, Swagger UI
 * over it, served from the installed package (no CDN: deployments may be offline).
 */
export async function docsRoutes(app: HttpApp, aggregator: OpenApiAggregator): Promise<void> {
  app.get(
    '/api/openapi.json',
    {
      schema: {
        summary: 'The public API of every service, as one OpenAPI 3.1 document',
        description:
          "Merged from the services' own documents; a service that is down is noted in `info.description`.",
        response: {
          200: Type.Object(
            { openapi: Type.String(), info: Type.Object({}, { additionalProperties: true }) },
            { additionalProperties: true, title: 'OpenApiDocument' },
          ),
        },
      },
    },
    async () => aggregator.document(),
  );

  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // The plugin serves its own `/api/docs/json`; make it the merged document, not the gateway's own.
    transformSpecificationClone: false,
    transformSpecification: () => aggregator.current(),
    uiHooks: {
      onRequest: async () => {
        await aggregator.document();
      },
    },
    theme: { title: 'Comptoir API' },
  });
}
