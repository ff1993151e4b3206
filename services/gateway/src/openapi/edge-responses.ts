import { ProblemSchema } from '@comptoir/platform';
import type { PolicyMatcher } from '../policy/policy-matcher.ts';
import type { OpenApiDocument } from './merge.ts';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** What the gateway itself may answer on any route it guards, before or instead of the service. */
const ALWAYS = {
  429: problem('Too many requests for this caller and route class; see `Retry-After` (gateway).'),
  502: problem('The service could not be reached or closed the connection (gateway).'),
  503: problem('No replica of the service is healthy, or the rate limiter is down; see `Retry-After`.'),
  504: problem('The service did not answer within the route’s timeout (gateway).'),
};
const UNAUTHENTICATED = problem('No valid credentials: the gateway keeps this route for signed-in callers.');
const FORBIDDEN = problem('The gateway keeps this route for other roles.');
const TOO_LARGE = problem('The body is larger than the gateway accepts.');
const NOT_JSON = problem('The body is not JSON.');
const LONG_SEGMENT = problem('A path segment is longer than the router accepts.');

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/**
 * Adds to every operation under a guarded service (`/api/<service>/…`, `services`) the answers
 * the platform's edge gives whatever the service documents: 401/403 where the route policy keeps
 * the route, 413/415 for a body, 414 for a path parameter, 429 and the upstream failures. A
 * client reading one operation then sees every status it can meet. A service's own description
 * of a status is kept. Changes `document` in place.
 */
export function documentEdgeResponses(
  document: OpenApiDocument,
  policy: PolicyMatcher,
  services: ReadonlySet<string>,
): void {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const service = path.split('/')[2] ?? '';
    if (!path.startsWith('/api/') || !services.has(service)) continue;
    const sample = path.replace(/\{[^}]+\}/g, 'x');
    for (const method of METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      operation.responses ??= {};
      const responses = operation.responses as Record<string, unknown>;
      const add = (status: number, response: unknown) => {
        responses[status] ??= response;
      };
      const { access } = policy.decide(method.toUpperCase(), sample);
      if (access !== 'public') add(401, UNAUTHENTICATED);
      if (Array.isArray(access)) add(403, FORBIDDEN);
      if (operation.requestBody) {
        add(413, TOO_LARGE);
        add(415, NOT_JSON);
      }
      if (path.includes('{')) add(414, LONG_SEGMENT);
      for (const [status, response] of Object.entries(ALWAYS)) add(Number(status), response);
    }
  }
}
