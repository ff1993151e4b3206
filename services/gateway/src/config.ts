import { type TSchema, Type } from '@comptoir/platform';

/**
 * The services behind the gateway. Adding one is one line here: its routes (`/api/<name>/*`),
 * its `<NAME>_URLS` and `<NAME>_TIMEOUT_MS` settings and its health checks follow.
 */
export const SERVICES: readonly { name: string; defaultUrls: string }[] = [
  { name: 'catalog', defaultUrls: 'http://127.0.0.1:8101' },
  { name: 'identity', defaultUrls: 'http://127.0.0.1:8102' },
];

const URL_LIST = '^https?://[^,\\s]+(,\\s*https?://[^,\\s]+)*$';

const urlsKey = (service: string) => `${service.toUpperCase()}_URLS`;
const timeoutKey = (service: string) => `${service.toUpperCase()}_TIMEOUT_MS`;

const perService: Record<string, TSchema> = {};
for (const { name, defaultUrls } of SERVICES) {
  perService[urlsKey(name)] = Type.String({ pattern: URL_LIST, default: defaultUrls });
  perService[timeoutKey(name)] = Type.Optional(Type.Integer({ minimum: 1 }));
}

export const GatewayConfig = Type.Object({
  /** Time an upstream gets to answer with headers, and between two body chunks, unless its own `<NAME>_TIMEOUT_MS` says otherwise. */
  GATEWAY_UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 10_000 }),
  /** Keep-alive connections per replica; requests beyond that wait in the pool's queue. */
  GATEWAY_UPSTREAM_CONNECTIONS: Type.Integer({ minimum: 1, default: 128 }),
  GATEWAY_HEALTH_INTERVAL_MS: Type.Integer({ minimum: 10, default: 5_000 }),
  GATEWAY_HEALTH_TIMEOUT_MS: Type.Integer({ minimum: 10, default: 2_000 }),
  GATEWAY_OPENAPI_REFRESH_MS: Type.Integer({ minimum: 100, default: 60_000 }),
  /**
   * Behind a trusted edge (nginx, an ingress) keep the `x-forwarded-proto`/`-host` it set;
   * otherwise the gateway is the edge and writes its own, so a client cannot spoof them.
   */
  GATEWAY_TRUST_FORWARDED: Type.Boolean({ default: false }),
  ...perService,
});

/** One service as the gateway sees it: where its replicas are and how long it may take. */
export interface UpstreamSettings {
  name: string;
  urls: readonly string[];
  timeoutMs: number;
}

type Settings = Readonly<Record<string, unknown>> & { GATEWAY_UPSTREAM_TIMEOUT_MS: number };

export function upstreamSettings(config: Settings): UpstreamSettings[] {
  return SERVICES.map(({ name }) => {
    const urls = String(config[urlsKey(name)])
      .split(',')
      .map((url) => url.trim().replace(/\/+$/, ''));
    const own = config[timeoutKey(name)];
    return { name, urls, timeoutMs: typeof own === 'number' ? own : config.GATEWAY_UPSTREAM_TIMEOUT_MS };
  });
}
