import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { httpProblem, sendProblem } from '../errors/problem.ts';

const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Unknown paths get a 404 problem; a known path with the wrong method gets a 405 with `Allow`
 * (Fastify alone answers 404 for both). A shadow router of every route tells the two apart.
 */
export function installNotFound(app: FastifyInstance): void {
  const shadow = FindMyWay({ ignoreTrailingSlash: true });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (!METHODS.includes(method as HTTPMethod)) continue;
      try {
        shadow.on(method as HTTPMethod, route.url, () => {});
      } catch {
        // Already known: a route declared twice under different constraints.
      }
    }
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = METHODS.filter((m) => m !== request.method && shadow.find(m, path));
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      sendProblem(reply, {
        ...httpProblem(405, `${request.method} is not allowed on ${path}. Allowed: ${allowed.join(', ')}.`),
        instance: path,
        requestId: request.id,
      });
      return;
    }
    sendProblem(reply, {
      ...httpProblem(404, `No resource at ${request.method} ${path}.`),
      instance: path,
      requestId: request.id,
    });
  });
}
