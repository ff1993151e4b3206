import { Counter, Gauge, type Registry } from 'prom-client';
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

export interface GatewayMetrics {
  /** Counts one request to `service`; label objects are built once per service, not per request. */
  upstreamRecorder(service: string): (outcome: Outcome) => void;
  setHealthy(replica: Replica, healthy: boolean): void;
  /** Passive health: the replica was ejected (`ms` of no traffic) or came back after its trial. */
  setEjected(replica: Replica, ejected: boolean): void;
  retried(service: string, reason: string): void;
  /** A request the guards refused before it reached a service. */
  refused(reason: string): void;
}

/**
 * The upstream is labelled `upstream`, not `service`: the kit puts `service="gateway"` on every
 * series of this registry, and a metric's own `service` label would silently replace it.
 * Latency by upstream needs no histogram of its own: the kit's `http_request_duration_seconds`
 * already has it under `route="/api/<service>/*"`, and a second histogram observation costs
 * several times a counter increment on the hot path.
 */
export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const healthy = new Gauge({
    name: 'gateway_upstream_healthy',
    help: 'Whether a replica passes its active health check (1) or gets no traffic (0).',
    labelNames: ['upstream', 'replica'] as const,
    registers: [registry],
  });
  const requests = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'Requests proxied, by upstream service and outcome (status class, or why the gateway answered itself).',
    labelNames: ['upstream', 'outcome'] as const,
    registers: [registry],
  });
  const ejected = new Gauge({
    name: 'gateway_upstream_ejected',
    help: 'Whether a replica is ejected by passive health (1: no traffic until its trial request succeeds).',
    labelNames: ['upstream', 'replica'] as const,
    registers: [registry],
  });
  const ejections = new Counter({
    name: 'gateway_upstream_ejections_total',
    help: 'Ejections of a replica after consecutive failures.',
    labelNames: ['upstream', 'replica'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'gateway_upstream_retries_total',
    help: 'Idempotent requests sent again to another replica, by why the first one failed.',
    labelNames: ['upstream', 'reason'] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'gateway_refused_total',
    help: 'Requests refused by the guards: unauthenticated, forbidden, rate_limited, limiter_unavailable.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  return {
    upstreamRecorder(service) {
      const labels = new Map(OUTCOMES.map((outcome) => [outcome, { upstream: service, outcome }]));
      return (outcome) => requests.inc(labels.get(outcome)!);
    },
    setHealthy(replica, value) {
      healthy.set({ upstream: replica.service, replica: replica.origin }, value ? 1 : 0);
    },
    setEjected(replica, value) {
      const labels = { upstream: replica.service, replica: replica.origin };
      ejected.set(labels, value ? 1 : 0);
      if (value) ejections.inc(labels);
    },
    retried(service, reason) {
      retries.inc({ upstream: service, reason });
    },
    refused(reason) {
      refusals.inc({ reason });
    },
  };
}
