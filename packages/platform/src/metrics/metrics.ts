import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per service (several services can share a process when embedded), holding the
 * golden signals: request rate, errors and latency by route template, saturation.
 */
export interface ServiceMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  httpInFlight: Gauge;
  cacheRequests: Counter<'result'>;
  /** Registers a gauge whose value is read at scrape time. */
  gaugeFrom(name: string, help: string, read: () => number | Promise<number>): void;
  /**
   * Registers a counter of the service's own (a business count), so a service needs no metrics
   * library of its own. Name it `comptoir_<what>_total`.
   * @example const alerts = metrics.counter('comptoir_stock_low_total', 'Low-stock alerts.', ['location']);
   */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L>;
}

export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  // Process metrics, including nodejs_eventloop_lag_seconds and its percentiles.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to serve a request, by method, route template and status.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const httpInFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests being served right now.',
    registers: [registry],
  });
  const cacheRequests = new Counter({
    name: 'cache_requests_total',
    help: 'Cache-aside look-ups by result (hit or miss).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    httpInFlight,
    cacheRequests,
    counter(name, help, labelNames) {
      return new Counter({ name, help, labelNames, registers: [registry] });
    },
    gaugeFrom(name, help, read) {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          try {
            this.set(await read());
          } catch {
            // A failing source (db down) leaves the last value; readiness reports the outage.
          }
        },
      });
    },
  };
}
