import type { Pool } from 'undici';

/** One instance of a service, with its own keep-alive connection pool. */
export interface Replica {
  readonly service: string;
  /** `http://host:port`, also the replica's metric label. */
  readonly origin: string;
  readonly pool: Pool;
  /** Set by the active health checker; passive ejection will add its own verdict beside it. */
  healthy: boolean;
}

/**
 * Chooses the replica for the next request, or none when no replica may take traffic.
 * Least-outstanding-requests and passive ejection slot in as other implementations.
 */
export interface Balancer {
  pick(): Replica | undefined;
}

/** Round robin over the replicas that are healthy right now; an unhealthy one is skipped, not removed. */
export class RoundRobin implements Balancer {
  private next = 0;

  constructor(private readonly replicas: readonly Replica[]) {}

  pick(): Replica | undefined {
    const count = this.replicas.length;
    for (let tried = 0; tried < count; tried++) {
      const index = (this.next + tried) % count;
      const replica = this.replicas[index]!;
      if (replica.healthy) {
        this.next = (index + 1) % count;
        return replica;
      }
    }
    return undefined;
  }
}
