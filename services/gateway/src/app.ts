import { defineService, type TokenVerifier } from '@comptoir/platform';
import { ApiKeyResolver } from './auth/api-keys.ts';
import { GatewayConfig, upstreamSettings } from './config.ts';
import { installCors } from './edge/cors.ts';
import { installSecurityHeaders } from './edge/security-headers.ts';
import { installGuard } from './guard/guard.ts';
import { createGatewayMetrics } from './metrics.ts';
import { OpenApiAggregator } from './openapi/aggregator.ts';
import { documentEdgeResponses } from './openapi/edge-responses.ts';
import type { OpenApiDocument } from './openapi/merge.ts';
import { PolicyMatcher } from './policy/policy-matcher.ts';
import { ROUTE_POLICY } from './policy/route-policy.ts';
import { createRateLimiter } from './rate-limit/create-limiter.ts';
import { classTimeouts } from './rate-limit/rate-classes.ts';
import { docsRoutes } from './routes/docs.routes.ts';
import { proxyRoutes } from './routes/proxy.routes.ts';
import { viewRoutes } from './routes/views.routes.ts';
import { HealthChecker } from './upstreams/health-checker.ts';
import { ServiceClients } from './upstreams/service-clients.ts';
import { createUpstreams } from './upstreams/upstreams.ts';
import { VIEWS } from './views/index.ts';
import { installWebApp } from './web/web-app.ts';

const VERSION = '0.1.0';

/**
 * The one entry point for clients: `/api/<service>/*` to that service's replicas, composed views
 * at `/api/views/*`, one OpenAPI document and its docs UI. Every `/api` request passes the guard
 * (credentials, rate limit, route policy) before the hop. Owns no data; ready as soon as it is
 * up, whatever the upstreams say, so one service's outage never takes the gateway out of rotation.
 */
export const gateway = defineService({
  name: 'gateway',
  version: VERSION,
  description: 'Routes /api/<service>/* to the services and publishes their merged OpenAPI document.',
  defaultPort: 8080,
  // A pure proxy: ids are read off the request, so it goes without the AsyncLocalStorage context.
  needs: { db: false, cache: false, bus: false, requestContext: false },
  config: GatewayConfig,
  async setup({ app, config, log, metrics, tracing, onClose, wrapTokenVerifier }) {
    const gatewayMetrics = createGatewayMetrics(metrics.registry);
    const upstreams = createUpstreams(
      upstreamSettings(config),
      {
        connections: config.GATEWAY_UPSTREAM_CONNECTIONS,
        controlTimeoutMs: config.GATEWAY_HEALTH_TIMEOUT_MS,
        balancer: config.GATEWAY_BALANCER,
        passive: {
          failuresToEject: config.GATEWAY_EJECT_AFTER_FAILURES,
          ejectionMs: config.GATEWAY_EJECT_MS,
          maxEjectionMs: config.GATEWAY_EJECT_MAX_MS,
        },
      },
      {
        onEject: (replica, ms) => {
          gatewayMetrics.setEjected(replica, true);
          log.warn(
            { upstream: replica.service, replica: replica.origin, ms },
            'replica ejected after failures',
          );
        },
        onReturn: (replica) => {
          gatewayMetrics.setEjected(replica, false);
          log.info(
            { upstream: replica.service, replica: replica.origin },
            'ejected replica passed its trial',
          );
        },
        onRetry: (service, reason) => gatewayMetrics.retried(service, reason),
      },
    );
    for (const replica of upstreams.replicas) gatewayMetrics.setHealthy(replica, replica.healthy);

    const health = new HealthChecker(upstreams.replicas, {
      intervalMs: config.GATEWAY_HEALTH_INTERVAL_MS,
      timeoutMs: config.GATEWAY_HEALTH_TIMEOUT_MS,
      dispatcher: upstreams.control,
      log,
      onChange: (replica, healthy) => gatewayMetrics.setHealthy(replica, healthy),
    });
    const policy = new PolicyMatcher(ROUTE_POLICY);
    const openapi = new OpenApiAggregator({
      upstreams: upstreams.all,
      dispatcher: upstreams.control,
      timeoutMs: config.GATEWAY_HEALTH_TIMEOUT_MS,
      refreshMs: config.GATEWAY_OPENAPI_REFRESH_MS,
      version: VERSION,
      own: () => app.swagger() as OpenApiDocument,
      edge: (document) => documentEdgeResponses(document, policy, new Set(Object.keys(ROUTE_POLICY))),
      log,
    });

    // The kit reads bearer tokens on every request (through its cache of verified tokens);
    // API-key callers are read from their minted token by the same verifier.
    let verifier: TokenVerifier | undefined;
    wrapTokenVerifier((current) => {
      verifier = current;
      return current;
    });
    if (!verifier) throw new Error('the kit did not hand over its token verifier');
    const tokens = verifier;
    const services = new ServiceClients(upstreams.all, {
      timeoutMs: config.GATEWAY_VIEW_SOURCE_TIMEOUT_MS,
      log,
    });
    const rateLimit = await createRateLimiter(config, log);

    installSecurityHeaders(app, {
      hstsMaxAgeSeconds: config.GATEWAY_HSTS_MAX_AGE_SECONDS,
      trustForwarded: config.GATEWAY_TRUST_FORWARDED,
    });
    installCors(app, {
      origins: config.GATEWAY_CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      maxAgeSeconds: config.GATEWAY_CORS_MAX_AGE_SECONDS,
    });
    await app.register(async (guarded) => {
      installGuard(guarded, {
        policy,
        timeouts: classTimeouts(config),
        apiKeys: new ApiKeyResolver(services, tokens, config.GATEWAY_API_KEY_CACHE_SECONDS * 1000),
        limiter: rateLimit.limiter,
        trustForwarded: config.GATEWAY_TRUST_FORWARDED,
        onRefused: (reason) => gatewayMetrics.refused(reason),
      });
      await guarded.register(proxyRoutes, {
        upstreams: upstreams.all,
        bodyLimit: config.BODY_LIMIT,
        metrics: gatewayMetrics,
        trustForwarded: config.GATEWAY_TRUST_FORWARDED,
        retryAfterSeconds: Math.max(1, Math.ceil(config.GATEWAY_HEALTH_INTERVAL_MS / 1000)),
        streamIdleTimeoutMs: config.GATEWAY_STREAM_IDLE_TIMEOUT_MS,
        tracing,
      });
      await guarded.register(viewRoutes, {
        views: VIEWS,
        services,
        sourceTimeoutMs: config.GATEWAY_VIEW_SOURCE_TIMEOUT_MS,
      });
    });
    await docsRoutes(app, openapi);
    await installWebApp(app, { root: config.GATEWAY_WEB_ROOT });

    app.addHook('onReady', async () => {
      health.start();
      openapi.start();
    });
    onClose(async () => {
      await Promise.all([health.stop(), openapi.stop()]);
      await Promise.all([upstreams.close(), services.close(), rateLimit.close()]);
    });
  },
});
