import { type HttpApp, problems, Type } from '@comptoir/platform';
import type { FastifyRequest } from 'fastify';
import type { ServiceClients } from '../upstreams/service-clients.ts';
import { type ComposedView, UpstreamAnswer, type ViewContext } from '../views/view.ts';

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
  const asked = new Map<string, Promise<unknown>>();
  async function fetchOnce<T>(service: string, path: string): Promise<T> {
    const client = services.for(service);
    if (!client) throw new Error(`no replica of ${service} takes traffic`);
    const { status, body } = await client.get<T>(path, { headers });
    if (status < 200 || status >= 300 || body === undefined) throw new UpstreamAnswer(service, status);
    return body;
  }
  return {
    principal: request.principal,
    params: request.params as Record<string, string>,
    get<T>(service: string, path: string): Promise<T> {
      const key = `${service} ${path}`;
      let answer = asked.get(key);
      if (!answer) {
        answer = fetchOnce<T>(service, path);
        asked.set(key, answer);
      }
      return answer as Promise<T>;
    },
  };
}

/** `GET /api/views/<view>` for every composed view; the route policy and rate limits apply as to any `/api` path. */
export async function viewRoutes(scope: HttpApp, options: ViewRoutesOptions): Promise<void> {
  for (const view of options.views) {
    // `/products/:id` → params { id: string }, so the document declares what the path carries.
    const names = [...view.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
    const params = Type.Object(
      Object.fromEntries(names.map((name) => [name, Type.String({ minLength: 1 })])),
    );
    scope.get(
      `/api/views${view.path}`,
      {
        schema: {
          ...(names.length > 0 ? { params } : {}),
          summary: view.summary,
          ...(view.description ? { description: view.description } : {}),
          tags: ['views'],
          response: { 200: view.response, ...problems(401, 403, 404, 429) },
        },
      },
      async (request) => view.render(contextOf(request, options.services), options.sourceTimeoutMs),
    );
  }
}
