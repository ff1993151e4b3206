import { createHttpClient, type HttpClient, type Logger } from '@comptoir/platform';
import type { Replica } from './balancer.ts';
import type { Upstream } from './upstreams.ts';

/**
 * The gateway's own calls to services (API-key introspection, composed views) go through the
 * kit's HTTP client — timeouts, retries of idempotent calls, a circuit breaker — with one client
 * per replica, and the replica chosen by that service's balancer: a call never lands on a
 * replica that fails its health check or was ejected.
 */
export class ServiceClients {
  readonly #clients = new Map<Replica, HttpClient>();
  readonly #upstreams: Map<string, Upstream>;

  constructor(
    upstreams: readonly Upstream[],
    private readonly options: { timeoutMs: number; log: Pick<Logger, 'warn' | 'info'> },
  ) {
    this.#upstreams = new Map(upstreams.map((upstream) => [upstream.name, upstream]));
  }

  /** A client for a replica of `service` that may take traffic now, or none. */
  for(service: string): HttpClient | undefined {
    const replica = this.#upstreams.get(service)?.balancer.pick();
    if (!replica) return undefined;
    let client = this.#clients.get(replica);
    if (!client) {
      client = createHttpClient({
        baseUrl: replica.origin,
        name: service,
        timeoutMs: this.options.timeoutMs,
        retries: 1,
        connections: 8,
        log: this.options.log,
      });
      this.#clients.set(replica, client);
    }
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((client) => client.close()));
  }
}
