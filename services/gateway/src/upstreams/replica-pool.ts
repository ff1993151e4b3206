import type { Dispatcher, Pool } from 'undici';
import { type Replica, takesTraffic } from './balancer.ts';

/** The rest of the service, as one replica's pool sees it. */
export interface Siblings {
  /** Another replica that may take traffic now, or none. */
  pick(excluding: Replica): Replica | undefined;
  readonly all: readonly Replica[];
}

export type RetryReason = 'connection_failed' | 'bad_gateway';

/** The request never got an answer from this replica: another one may give it. */
const CONNECTION_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Failures that count against the replica's passive health: the above, and a replica too slow to answer. */
const REPLICA_FAILURES = new Set([...CONNECTION_FAILURES, 'UND_ERR_HEADERS_TIMEOUT']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/**
 * A request may be sent twice when doing it twice is harmless (a safe method, or an
 * `Idempotency-Key` the service deduplicates on) and when it can be sent twice at all: a body
 * is the client's stream, consumed by the first attempt, so only bodiless requests are replayed.
 */
function isReplayable(options: Dispatcher.RequestOptions): boolean {
  if (options.body != null) return false;
  if (SAFE_METHODS.has(options.method)) return true;
  const headers = options.headers as Record<string, unknown> | null | undefined;
  return typeof headers === 'object' && headers !== null && headers['idempotency-key'] !== undefined;
}

/**
 * What the hop sends requests through: the replica's undici pool, plus the bookkeeping the
 * balancer needs — requests in flight (for least-outstanding) and how each one ended (passive
 * health) — and one retry on another replica when this one failed before anything reached the
 * client: it refused or dropped the connection, or answered 502/503. Kept under the hop so the
 * hot path stays one call.
 */
export class ReplicaPool {
  #replica: Replica | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly siblings: Siblings,
    private readonly onRetry: (reason: RetryReason) => void,
  ) {}

  /** The replica this pool serves; set once, right after the replica is built around it. */
  bind(replica: Replica): void {
    this.#replica = replica;
  }

  async request(options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
    const replica = this.#replica!;
    const replayable = isReplayable(options);
    let response: Dispatcher.ResponseData;
    try {
      response = await this.attempt(options);
    } catch (error) {
      const other =
        replayable && CONNECTION_FAILURES.has(codeOf(error) as string)
          ? this.siblings.pick(replica)
          : undefined;
      if (!other) throw error;
      this.onRetry('connection_failed');
      return other.pool.attempt(options);
    }
    if (replayable && (response.statusCode === 502 || response.statusCode === 503)) {
      const other = this.siblings.pick(replica);
      if (other) {
        await response.body.dump();
        this.onRetry('bad_gateway');
        return other.pool.attempt(options);
      }
    }
    return response;
  }

  /** One attempt on this replica, counted and judged. */
  async attempt(options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
    const replica = this.#replica!;
    const trial = replica.passive.started(Date.now());
    replica.outstanding += 1;
    let response: Dispatcher.ResponseData;
    try {
      response = await this.pool.request(options);
    } catch (error) {
      replica.outstanding -= 1;
      if (REPLICA_FAILURES.has(codeOf(error) as string)) this.#failed(replica, trial);
      else replica.passive.released(trial);
      throw error;
    }
    // A 503 is the replica answering that something behind it is unavailable (ordering without
    // payments, cart without its Redis), with a Retry-After: it says nothing about the replica,
    // and ejecting every replica that relays a downstream outage would turn it into "no healthy
    // upstream" for all of the service's routes. Its own readiness is the active checks' call.
    if (response.statusCode === 503) replica.passive.released(trial);
    else if (response.statusCode >= 500) this.#failed(replica, trial);
    else replica.passive.succeeded(trial);
    // In flight until its body is read to the end (or dropped): a slow download is load too.
    response.body.once('close', () => {
      replica.outstanding -= 1;
    });
    return response;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  #failed(replica: Replica, trial: boolean): void {
    const now = Date.now();
    const others = this.siblings.all.some((other) => other !== replica && takesTraffic(other, now));
    replica.passive.failed(trial, now, others);
  }
}
