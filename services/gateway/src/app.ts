import { defineService } from '@comptoir/platform';
import { GatewayConfig, upstreamSettings } from './config.ts';
import { createGatewayMetrics } from './metrics.ts';
import { OpenApiAggregator } from './openapi/aggregator.ts';
import type { OpenApiDocument } from './openapi/merge.ts';
import { docsRoutes } from './routes/docs.routes.ts';
import { proxyRoutes } from './routes/proxy.routes.ts';
import { HealthChecker } from './upstreams/health-checker.ts';
import { createUpstreams } from './upstreams/upstreams.ts';

const VERSION = '0.1.0';

/**
 * The one entry point for clients: `/api/<service>/*` to that service's replicas, one OpenAPI
 * document and its docs UI. Owns no data; ready as soon as it is up, whatever the upstreams say,
 * so one service's outage never takes the gateway out of rotation.
 */
export const gateway = defineService({
  name: 'gateway',
  version: VERSION,
  description: 'Routes /api/<service>/* to the services and publishes their merged OpenAPI document.',
  defaultPort: 8080,
  // A pure proxy: ids are read off the request, so it goes without the AsyncLocalStorage context.
  needs: { db: false, cache: false, bus: false, requestContext: false },
  config: GatewayConfig,
  async setup({ app, config, log, metrics, onClose }) {
    const settings = upstreamSettings(config);
    const upstreams = createUpstreams(settings, {
      connections: config.GATEWAY_UPSTREAM_CONNECTIONS,
      controlTimeoutMs: config.GATEWAY_HEALTH_TIMEOUT_MS,
    });
    const gatewayMetrics = createGatewayMetrics(metrics.registry);
    for (const replica of upstreams.replicas) gatewayMetrics.setHealthy(replica, replica.healthy);

    const health = new HealthChecker(upstreams.replicas, {
      intervalMs: config.GATEWAY_HEALTH_INTERVAL_MS,
      timeoutMs: config.GATEWAY_HEALTH_TIMEOUT_MS,
      dispatcher: upstreams.control,
      log,
      onChange: (replica, healthy) => gatewayMetrics.setHealthy(replica, healthy),
    });
    const openapi = new OpenApiAggregator({
      upstreams: upstreams.all,
      dispatcher: upstreams.control,
      timeoutMs: config.GATEWAY_HEALTH_TIMEOUT_MS,
      refreshMs: config.GATEWAY_OPENAPI_REFRESH_MS,
      version: VERSION,
      own: () => app.swagger() as OpenApiDocument,
      log,
    });

    await app.register(proxyRoutes, {
      upstreams: upstreams.all,
      bodyLimit: config.BODY_LIMIT,
      metrics: gatewayMetrics,
      trustForwarded: config.GATEWAY_TRUST_FORWARDED,
      retryAfterSeconds: Math.max(1, Math.ceil(config.GATEWAY_HEALTH_INTERVAL_MS / 1000)),
    });
    await docsRoutes(app, openapi);

    app.addHook('onReady', async () => {
      health.start();
      openapi.start();
    });
    onClose(async () => {
      await Promise.all([health.stop(), openapi.stop()]);
      await upstreams.close();
    });
  },
});
