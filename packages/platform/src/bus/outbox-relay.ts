import type { Logger } from 'pino';
import type { Db } from '../db/types.ts';
import { carrierOf, contextFrom, endSpan, type Span, SpanKind, type Tracing } from '../tracing/tracing.ts';
import type { Bus, EventEnvelope } from './types.ts';

/** How the relay works; every field but db, bus and log has a default. */
export interface OutboxRelayOptions {
  db: Db;
  bus: Bus;
  log: Logger;
  /** Rows claimed and published per transaction. Default 100. */
  batchSize?: number;
  /** Idle poll interval; `nudge()` relays sooner. Default 1 s. */
  pollMs?: number;
  /** Longest wait between retries while the broker is failing. Default 5 s. */
  maxBackoffMs?: number;
  /** How long published rows are kept (for inspection). Default 1 day. */
  retentionMs?: number;
  /** How often old published rows are deleted. Default 10 min. */
  cleanupEveryMs?: number;
  /** Told of every batch the broker confirmed (the kit counts them by type). */
  onPublished?: (events: readonly EventEnvelope[]) => void;
  /** The service's tracing, when on: each event saved with a trace context is sent under a producer span. */
  tracing?: Tracing | undefined;
}

/**
 * Publishes the outbox in `seq` order. Each batch is claimed with `FOR UPDATE SKIP LOCKED`
 * inside a transaction, published with broker confirms, and marked published in the same
 * transaction — so replicas of a service can relay side by side, and a crash or a broker outage
 * leaves the rows to be published later (at least once: consumers de-duplicate with the inbox).
 * With several replicas, order holds within a batch, not across replicas.
 */
export class OutboxRelay {
  readonly #db: Db;
  readonly #bus: Bus;
  readonly #log: Logger;
  readonly #batchSize: number;
  readonly #pollMs: number;
  readonly #maxBackoffMs: number;
  readonly #retentionMs: number;
  readonly #cleanupEveryMs: number;
  readonly #onPublished: ((events: readonly EventEnvelope[]) => void) | undefined;
  readonly #tracing: Tracing | undefined;
  #loop: Promise<void> | null = null;
  #running = false;
  #nudged = false;
  #wake: (() => void) | null = null;
  #failures = 0;
  #lastCleanup = 0;

  constructor(options: OutboxRelayOptions) {
    this.#db = options.db;
    this.#bus = options.bus;
    this.#log = options.log.child({ component: 'outbox' });
    this.#batchSize = options.batchSize ?? 100;
    this.#pollMs = options.pollMs ?? 1_000;
    this.#maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.#retentionMs = options.retentionMs ?? 86_400_000;
    this.#cleanupEveryMs = options.cleanupEveryMs ?? 600_000;
    this.#onPublished = options.onPublished;
    this.#tracing = options.tracing;
  }

  /** Starts relaying in the background; a second call does nothing. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops after the batch in hand is published (or given back). */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    this.#loop = null;
  }

  /** Relays now rather than at the next poll: call after committing a transaction with events. */
  nudge(): void {
    this.#nudged = true;
    if (this.#failures === 0) this.#wake?.();
  }

  /** Events saved but not yet published. */
  async backlog(): Promise<number> {
    const { rows } = await this.#db.query<{ n: number }>(
      'select count(*)::int as n from outbox where published_at is null',
    );
    return rows[0]?.n ?? 0;
  }

  /** Seconds since the oldest event still unpublished was saved; 0 when all are published. */
  async oldestAgeSeconds(): Promise<number> {
    const { rows } = await this.#db.query<{ age: number | string | null }>(
      `select extract(epoch from clock_timestamp() - min(created_at))::float8 as age
       from outbox where published_at is null`,
    );
    return Math.max(0, Number(rows[0]?.age ?? 0));
  }

  /**
   * Claims, publishes and marks one batch; returns how many rows were published. When the bus
   * refuses the batch, the rows stay unpublished with their attempt counted, and this throws.
   */
  async relayOnce(): Promise<number> {
    const outcome = await this.#db.transaction(async (tx) => {
      const { rows } = await tx.query<{ seq: string; payload: EventEnvelope }>(
        `select seq, payload from outbox where published_at is null
         order by seq limit $1 for update skip locked`,
        [this.#batchSize],
      );
      if (rows.length === 0) return { published: 0 };
      const events = rows.map((row) => row.payload);
      const seqs = rows.map((row) => String(row.seq));
      const sending = this.#tracing ? producerSpans(this.#tracing, this.#bus.kind, events) : undefined;
      try {
        await this.#bus.publish(sending?.events ?? events);
        for (const span of sending?.spans ?? []) endSpan(span);
      } catch (error) {
        for (const span of sending?.spans ?? []) endSpan(span, error);
        // Recorded and committed (not thrown here, which would roll the record back).
        await tx.query(
          'update outbox set attempts = attempts + 1, last_error = $2 where seq = any($1::bigint[])',
          [seqs, error instanceof Error ? error.message : String(error)],
        );
        return { published: 0, failed: { rows: rows.length, error } };
      }
      await tx.query(
        `update outbox set published_at = now(), attempts = attempts + 1, last_error = null
         where seq = any($1::bigint[])`,
        [seqs],
      );
      return { published: rows.length, events };
    });
    if (outcome.failed) throw new RelayError(outcome.failed.rows, outcome.failed.error);
    if (outcome.events) this.#onPublished?.(outcome.events);
    return outcome.published;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#nudged = false;
      let published = 0;
      try {
        published = await this.relayOnce();
        if (this.#failures > 0) this.#log.info({ afterFailures: this.#failures }, 'outbox relay resumed');
        this.#failures = 0;
        await this.#cleanup();
      } catch (error) {
        this.#failures++;
        if (this.#failures === 1 || this.#failures % 20 === 0) {
          this.#log.warn(
            { err: error, failures: this.#failures },
            'outbox relay failed: events kept, retrying',
          );
        }
      }
      if (!this.#running) break;
      if (this.#failures > 0)
        await this.#sleep(Math.min(this.#maxBackoffMs, 100 * 2 ** (this.#failures - 1)));
      else if (published < this.#batchSize && !this.#nudged) await this.#sleep(this.#pollMs);
    }
  }

  async #cleanup(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastCleanup < this.#cleanupEveryMs) return;
    this.#lastCleanup = now;
    const { rowCount } = await this.#db.query(
      `delete from outbox where published_at is not null and published_at < now() - $1::bigint * interval '1 millisecond'`,
      [this.#retentionMs],
    );
    if (rowCount > 0) this.#log.debug({ deleted: rowCount }, 'old published outbox rows deleted');
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }
}

/**
 * A producer span for each event saved with a trace context — a child of the span that wrote
 * it, so the wait in the outbox shows in the trace — and the events to send, each carrying its
 * producer span's context for the consumers to continue.
 */
function producerSpans(
  tracing: Tracing,
  system: string,
  events: readonly EventEnvelope[],
): { events: EventEnvelope[]; spans: Span[] } {
  const spans: Span[] = [];
  const sent = events.map((event) => {
    if (event.traceparent === undefined) return event;
    const span = tracing.startSpan(
      `publish ${event.type}`,
      SpanKind.PRODUCER,
      contextFrom({ traceparent: event.traceparent, tracestate: event.tracestate }),
      {
        'messaging.system': system,
        'messaging.operation.type': 'send',
        'messaging.destination.name': event.type,
        'messaging.message.id': event.id,
      },
    );
    spans.push(span);
    const { tracestate: _stored, ...rest } = event;
    return { ...rest, ...carrierOf(span) };
  });
  return { events: sent, spans };
}

/** A batch the bus did not take; its rows stay in the outbox. */
class RelayError extends Error {
  override readonly name = 'OutboxRelayError';
  constructor(
    readonly rows: number,
    cause: unknown,
  ) {
    super(
      `could not publish ${rows} outbox event(s): ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}
