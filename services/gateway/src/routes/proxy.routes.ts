import type { FastifyInstance } from 'fastify';
import { BodyTooLargeError } from '../errors.ts';
import { createHop, type HopOptions } from '../proxy/hop.ts';
import type { Upstream } from '../upstreams/upstreams.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export interface ProxyRoutesOptions extends HopOptions {
  upstreams: readonly Upstream[];
  bodyLimit: number;
}

/**
 * `/api/<service>` and `/api/<service>/*` for every known service, all methods. In this
 * plugin's scope bodies are not parsed: the request stream goes upstream as it arrives, so the
 * gateway never parses or re-serialises JSON. Unknown services fall through to the kit's 404.
 */
export async function proxyRoutes(scope: FastifyInstance, options: ProxyRoutesOptions): Promise<void> {
  scope.removeAllContentTypeParsers();
  // A declared length over the limit is refused before anything is forwarded; a chunked body is
  // not counted here (that would mean wrapping the stream), the service's own limit applies.
  const passThrough = (
    request: { headers: { 'content-length'?: string } },
    _payload: unknown,
    done: (error: Error | null) => void,
  ) => {
    const length = request.headers['content-length'];
    done(
      length !== undefined && Number(length) > options.bodyLimit
        ? new BodyTooLargeError(options.bodyLimit)
        : null,
    );
  };
  scope.addContentTypeParser('*', passThrough);
  scope.addContentTypeParser('application/json', passThrough);

  for (const upstream of options.upstreams) {
    const handler = createHop(upstream, options);
    for (const url of [upstream.prefix, `${upstream.prefix}/*`]) {
      scope.route({ method: METHODS, url, exposeHeadRoute: false, schema: { hide: true }, handler });
    }
  }
}
