import { Agent, Pool } from 'undici';
import type { UpstreamSettings } from '../config.ts';
import { type Balancer, LeastOutstanding, type Replica, RoundRobin } from './balancer.ts';
import { PassiveHealth, type PassiveHealthOptions } from './passive-health.ts';
import { ReplicaPool, type RetryReason } from './replica-pool.ts';

/** A service behind the gateway: its replicas and how traffic is spread over them. */
export interface Upstream {
  readonly name: string;
  /** `/api/<name>`, stripped before forwarding. */
  readonly prefix: string;
  readonly replicas: readonly Replica[];
  readonly balancer: Balancer;
  readonly timeoutMs: number;
}

export interface PoolSettings {
  connections: number;
  /** Bounds connection set-up for the control-plane client (health checks, OpenAPI documents). */
  controlTimeoutMs: number;
  balancer: 'least-outstanding' | 'round-robin';
  passive: PassiveHealthOptions;
}

/** What the replicas report, for metrics and logs. */
export interface UpstreamEvents {
  onEject(replica: Replica, ms: number): void;
  onReturn(replica: Replica): void;
  onRetry(service: string, reason: RetryReason): void;
}

export interface Upstreams {
  readonly all: readonly Upstream[];
  readonly replicas: readonly Replica[];
  /** For health checks and OpenAPI fetches: kept off the replicas' pools, so it never queues behind traffic. */
  readonly control: Agent;
  close(): Promise<void>;
}

function createUpstream(settings: UpstreamSettings, pools: PoolSettings, events: UpstreamEvents): Upstream {
  const { name, urls, timeoutMs } = settings;
  const replicas: Replica[] = [];
  const balancer: Balancer =
    pools.balancer === 'round-robin' ? new RoundRobin(replicas) : new LeastOutstanding(replicas);
  const siblings = { all: replicas, pick: (excluding: Replica) => balancer.pick(excluding) };
  for (const url of urls) {
    const pool = new ReplicaPool(
      // One request per connection at a time (no pipelining): a slow response never holds up the next.
      new Pool(url, {
        connections: pools.connections,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 60_000,
        connect: { timeout: timeoutMs },
      }),
      siblings,
      (reason) => events.onRetry(name, reason),
    );
    const replica: Replica = {
      service: name,
      origin: new URL(url).origin,
      pool,
      healthy: true,
      passive: new PassiveHealth(pools.passive, {
        onEject: (ms) => events.onEject(replica, ms),
        onReturn: () => events.onReturn(replica),
      }),
      outstanding: 0,
    };
    pool.bind(replica);
    replicas.push(replica);
  }
  return { name, prefix: `/api/${name}`, replicas, balancer, timeoutMs };
}

export function createUpstreams(
  settings: readonly UpstreamSettings[],
  pools: PoolSettings,
  events: UpstreamEvents,
): Upstreams {
  const all = settings.map((one) => createUpstream(one, pools, events));
  const replicas = all.flatMap((upstream) => upstream.replicas);
  const control = new Agent({
    connections: 2,
    pipelining: 1,
    connect: { timeout: pools.controlTimeoutMs },
  });
  return {
    all,
    replicas,
    control,
    async close() {
      await Promise.all([...replicas.map((replica) => replica.pool.close()), control.close()]);
    },
  };
}
