import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { problemErrorHandler } from '../errors/problem.ts';
import { installHealth, type ReadinessCheck } from '../health/health.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';
import type { Tracing } from '../tracing/tracing.ts';
import { installNotFound } from './not-found.ts';
import { installObservability, requestIdFrom } from './observability.ts';
import { createValidatorCompiler } from './validation.ts';

export type HttpApp = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface HttpAppOptions {
  service: string;
  version: string;
  description?: string;
  logger: Logger;
  metrics: ServiceMetrics;
  readiness: Record<string, ReadinessCheck>;
  /** Reported by `/health/ready` without making the replica not-ready (see `installHealth`). */
  advisory?: Record<string, ReadinessCheck>;
  bodyLimit: number;
  /** Hold request and correlation ids in AsyncLocalStorage for the whole request (default true). */
  requestContext?: boolean;
  /**
   * The service's tracing, when on: every request gets a server span, and the request context is
   * held whatever `requestContext` says, so that calls and events made while answering continue it.
   */
  tracing?: Tracing | undefined;
}

/**
 * The Fastify app every service is built on: strict schema validation, problem+json errors
 * (404/405 included), request and correlation ids, metrics, health, and OpenAPI 3.1 generated
 * from the route schemas at `/openapi.json`.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
    // The router's own refusals (a path parameter over its length, a malformed escape) are problems too.
    frameworkErrors: problemErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // JSON is the API's only body type: a text body is refused with 415 rather than failing validation.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(createValidatorCompiler());
  app.setErrorHandler(problemErrorHandler);
  installNotFound(app);
  installObservability(app, options.metrics, {
    asyncContext: (options.requestContext ?? true) || options.tracing !== undefined,
    tracing: options.tracing,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: `Comptoir ${options.service}`,
        version: options.version,
        ...(options.description ? { description: options.description } : {}),
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'An access token from identity (`POST /api/identity/sessions`).',
          },
        },
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installHealth(app, options.readiness, options.advisory);
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(options.metrics.registry.contentType);
    return options.metrics.registry.metrics();
  });
  return app;
}
