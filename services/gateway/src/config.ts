import { fileURLToPath } from 'node:url';
import { type TSchema, Type } from '@comptoir/platform';
import { rateClassSettings } from './rate-limit/rate-classes.ts';

/**
 * The services behind the gateway. Adding one is one line here: its routes (`/api/<name>/*`),
 * its `<NAME>_URLS` and `<NAME>_TIMEOUT_MS` settings and its health checks follow.
 */
export const SERVICES: readonly { name: string; defaultUrls: string }[] = [
  { name: 'catalog', defaultUrls: 'http://127.0.0.1:8101' },
  { name: 'identity', defaultUrls: 'http://127.0.0.1:8102' },
  { name: 'inventory', defaultUrls: 'http://127.0.0.1:8103' },
  { name: 'stores', defaultUrls: 'http://127.0.0.1:8104' },
  { name: 'cart', defaultUrls: 'http://127.0.0.1:8105' },
  { name: 'ordering', defaultUrls: 'http://127.0.0.1:8106' },
  { name: 'payments', defaultUrls: 'http://127.0.0.1:8107' },
  { name: 'reporting', defaultUrls: 'http://127.0.0.1:8108' },
  { name: 'notifications', defaultUrls: 'http://127.0.0.1:8109' },
];

const URL_LIST = '^https?://[^,\\s]+(,\\s*https?://[^,\\s]+)*$';

const urlsKey = (service: string) => `${service.toUpperCase()}_URLS`;
const timeoutKey = (service: string) => `${service.toUpperCase()}_TIMEOUT_MS`;

const perService: Record<string, TSchema> = {};
for (const { name, defaultUrls } of SERVICES) {
  perService[urlsKey(name)] = Type.String({ pattern: URL_LIST, default: defaultUrls });
  perService[timeoutKey(name)] = Type.Optional(Type.Integer({ minimum: 1 }));
}

const ms = (fallback: number, minimum = 1) => Type.Integer({ minimum, default: fallback });

/** Settings of the guards in front of the hop: balancing, auth caches, rate limits, CORS, headers. */
function GuardSettings() {
  return {
    /** `least-outstanding` sends each request to the replica with the fewest in flight. */
    GATEWAY_BALANCER: Type.Union([Type.Literal('least-outstanding'), Type.Literal('round-robin')], {
      default: 'least-outstanding',
    }),
    /** Consecutive failures (connection errors, timeouts, 5xx but 503: a dependency of the replica's) that eject a replica. */
    GATEWAY_EJECT_AFTER_FAILURES: Type.Integer({ minimum: 1, default: 5 }),
    /** First ejection; each new one doubles it, up to the maximum, until a trial request succeeds. */
    GATEWAY_EJECT_MS: ms(10_000, 10),
    GATEWAY_EJECT_MAX_MS: ms(120_000, 10),
    /**
     * How long an API key's introspection (and the token minted for it) is reused; also never
     * past 30 s before that token expires. A revoked key stops working within this time.
     */
    GATEWAY_API_KEY_CACHE_SECONDS: Type.Integer({ minimum: 0, default: 60 }),
    /** `off` lets every request through unmetered (diagnosis, benchmarks of the bare hop). */
    GATEWAY_RATE_LIMIT: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
    /** Prefix of the rate-limit keys in Redis, so environments sharing a Redis keep apart. */
    GATEWAY_RATE_NAMESPACE: Type.String({ minLength: 1, default: 'gateway:rate' }),
    /** A limiter answer slower than this counts as Redis being down for the class's `WHEN_DOWN`. */
    GATEWAY_RATE_REDIS_TIMEOUT_MS: ms(250),
    /** Origins allowed to call the API from a browser, comma-separated (`https://shop.example`); none by default. */
    GATEWAY_CORS_ORIGINS: Type.String({ default: '' }),
    GATEWAY_CORS_MAX_AGE_SECONDS: Type.Integer({ minimum: 0, default: 600 }),
    /** `Strict-Transport-Security` max-age on answers to HTTPS requests; 0 sends none (no TLS in front). */
    GATEWAY_HSTS_MAX_AGE_SECONDS: Type.Integer({ minimum: 0, default: 0 }),
    /** How long a composed view waits for each of its sources before answering without it. */
    GATEWAY_VIEW_SOURCE_TIMEOUT_MS: ms(2_000),
  };
}

export const GatewayConfig = Type.Object({
  /** Time an upstream gets to answer with headers, and between two body chunks, unless its own `<NAME>_TIMEOUT_MS` says otherwise. */
  GATEWAY_UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 10_000 }),
  /**
   * Longest silence allowed between two chunks of a streamed answer (routes the policy marks
   * `stream`, e.g. live order tracking): the stream's heartbeats (15 s) keep it well under; a
   * replica that died without closing is noticed after this. 0 never cuts a stream.
   */
  GATEWAY_STREAM_IDLE_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 60_000 }),
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
  /** The built web app served at `/` (`npm run build:web` makes it); the repository's by default. */
  GATEWAY_WEB_ROOT: Type.String({
    minLength: 1,
    default: fileURLToPath(new URL('../../../apps/web/dist', import.meta.url)),
  }),
  ...perService,
  ...GuardSettings(),
  ...rateClassSettings,
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
