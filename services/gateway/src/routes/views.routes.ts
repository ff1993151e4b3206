import { type HttpApp, principalOf, problems } from '@comptoir/platform';
import type { FastifyRequest } from 'fastify';
import type { ServiceClients } from '../upstreams/service-clients.ts';
import type { ComposedView, ViewContext } from '../views/view.ts';

export interface ViewRoutesOptions {
  views: readonly ComposedView[];
  services: ServiceClients;
  sourceTimeoutMs: number;
}

/** Calls a service as the caller: its credentials (already a JWT, for API keys too) and the request's ids. */
function contextOf(request: FastifyRequest, services: ServiceClients): ViewContext {
  const headers: Record<string, string> = {
    'x-request-id': request.id,
    'x-correlation-id': request.correlationId,
  };
  const authorization = request.headers.authorization;
  if (authorization !== undefined) headers.authorization = authorization;
  return {
    principal: principalOf(request),
    async get<T>(service: string, path: string): Promise<T> {
      const client = services.for(service);
      if (!client) throw new Error(`no replica of ${service} takes traffic`);
      const { status, body } = await client.get<T>(path, { headers });
      if (status < 200 || status >= 300 || body === undefined)
        throw new Error(`${service} answered ${status}`);
      return body;
    },
  };
}

/** `GET /api/views/<view>` for every composed view; the route policy and rate limits apply as to any `/api` path. */
export async function viewRoutes(scope: HttpApp, options: ViewRoutesOptions): Promise<void> {
  for (const view of options.views) {
    scope.get(
      `/api/views${view.path}`,
      {
        schema: {
          summary: view.summary,
          ...(view.description ? { description: view.description } : {}),
          tags: ['views'],
          response: { 200: view.response, ...problems(401, 403, 429) },
        },
      },
      async (request) => view.render(contextOf(request, options.services), options.sourceTimeoutMs),
    );
  }
}
