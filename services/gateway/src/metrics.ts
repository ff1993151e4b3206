import { Gauge, Histogram, type Registry } from 'prom-client';
import type { Replica } from './upstreams/balancer.ts';

/** How a proxied request ended: the upstream's status class, or why the gateway answered itself. */
export type Outcome =
  | '1xx'
  | '2xx'
  | '3xx'
  | '4xx'
  | '5xx'
  | 'timeout'
  | 'unreachable'
  | 'no_healthy_upstream'
  | 'client_closed';

const OUTCOMES: readonly Outcome[] = [
  '1xx',
  '2xx',
  '3xx',
  '4xx',
  '5xx',
  'timeout',
  'unreachable',
  'no_healthy_upstream',
  'client_closed',
];
const STATUS_CLASSES: readonly Outcome[] = ['1xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

export function statusClass(status: number): Outcome {
  return STATUS_CLASSES[Math.floor(status / 100)] ?? '5xx';
}

type Recorder = (outcome: Outcome, seconds: number) => void;

export interface GatewayMetrics {
  /** A recorder per service, its label objects built once rather than per request. */
  upstreamRecorder(service: string): Recorder;
  setHealthy(replica: Replica, healthy: boolean): void;
}

/**
 * The upstream is labelled `upstream`, not `service`: the kit puts `service="gateway"` on every
 * series of this registry, and a metric's own `service` label would silently replace it.
 */
export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const healthy = new Gauge({
    name: 'gateway_upstream_healthy',
    help: 'Whether a replica passes its active health check (1) or gets no traffic (0).',
    labelNames: ['upstream', 'replica'] as const,
    registers: [registry],
  });
  // Its `_count` is the request counter by service and outcome; one observation per request.
  const duration = new Histogram({
    name: 'gateway_upstream_duration_seconds',
    help: 'Time from picking a replica to its response headers (or the failure), by upstream service and outcome.',
    labelNames: ['upstream', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    upstreamRecorder(service) {
      const labels = new Map(OUTCOMES.map((outcome) => [outcome, { upstream: service, outcome }]));
      return (outcome, seconds) => duration.observe(labels.get(outcome)!, seconds);
    },
    setHealthy(replica, value) {
      healthy.set({ upstream: replica.service, replica: replica.origin }, value ? 1 : 0);
    },
  };
}
