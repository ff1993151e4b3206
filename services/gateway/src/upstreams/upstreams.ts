import { Agent, Pool } from 'undici';
import type { UpstreamSettings } from '../config.ts';
import { type Balancer, type Replica, RoundRobin } from './balancer.ts';

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
}

export interface Upstreams {
  readonly all: readonly Upstream[];
  readonly replicas: readonly Replica[];
  /** For health checks and OpenAPI fetches: kept off the replicas' pools, so it never queues behind traffic. */
  readonly control: Agent;
  close(): Promise<void>;
}

export function createUpstreams(settings: readonly UpstreamSettings[], pools: PoolSettings): Upstreams {
  const all = settings.map(({ name, urls, timeoutMs }): Upstream => {
    const replicas = urls.map(
      (url): Replica => ({
        service: name,
        origin: new URL(url).origin,
        // One request per connection at a time (no pipelining): a slow response never holds up the next.
        pool: new Pool(url, {
          connections: pools.connections,
          pipelining: 1,
          keepAliveTimeout: 30_000,
          keepAliveMaxTimeout: 60_000,
          connect: { timeout: timeoutMs },
        }),
        healthy: true,
      }),
    );
    return { name, prefix: `/api/${name}`, replicas, balancer: new RoundRobin(replicas), timeoutMs };
  });
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
