import type { PassiveHealth } from './passive-health.ts';
import type { ReplicaPool } from './replica-pool.ts';

/** One instance of a service, with its own keep-alive connection pool. */
export interface Replica {
  readonly service: string;
  /** `http://host:port`, also the replica's metric label. */
  readonly origin: string;
  /** Where the hop sends requests: the replica's pool, counted and watched (see `ReplicaPool`). */
  readonly pool: ReplicaPool;
  /** Set by the active health checker. */
  healthy: boolean;
  /** Set by what its requests have been answering lately. */
  readonly passive: PassiveHealth;
  /** Requests sent and not yet answered to the end. */
  outstanding: number;
}

/** Whether the replica may take a request now: healthy, and not ejected (or due its trial). */
export const takesTraffic = (replica: Replica, now: number): boolean =>
  replica.healthy && replica.passive.admits(now);

/** Chooses the replica for the next request, or none when no replica may take traffic. */
export interface Balancer {
  /** `excluding` is the replica that just failed the request being retried. */
  pick(excluding?: Replica): Replica | undefined;
}

/** Round robin over the replicas that may take traffic now; the others are skipped, not removed. */
export class RoundRobin implements Balancer {
  private next = 0;

  constructor(private readonly replicas: readonly Replica[]) {}

  pick(excluding?: Replica): Replica | undefined {
    const count = this.replicas.length;
    const now = Date.now();
    for (let tried = 0; tried < count; tried++) {
      const index = (this.next + tried) % count;
      const replica = this.replicas[index]!;
      if (replica !== excluding && takesTraffic(replica, now)) {
        this.next = (index + 1) % count;
        return replica;
      }
    }
    return undefined;
  }
}

/**
 * The replica with the fewest requests in flight: a replica slowed by GC, a noisy neighbour or
 * a heavy query gets less until it catches up, where round robin keeps feeding it its share.
 * Ties go round in turn, so idle replicas still share the load evenly.
 */
export class LeastOutstanding implements Balancer {
  private start = 0;

  constructor(private readonly replicas: readonly Replica[]) {}

  pick(excluding?: Replica): Replica | undefined {
    const count = this.replicas.length;
    const now = Date.now();
    const first = this.start;
    this.start = (first + 1) % count;
    let best: Replica | undefined;
    for (let i = 0; i < count; i++) {
      const replica = this.replicas[(first + i) % count]!;
      if (replica === excluding || !takesTraffic(replica, now)) continue;
      if (best === undefined || replica.outstanding < best.outstanding) best = replica;
    }
    return best;
  }
}
