import type { OrderStatus } from '@comptoir/contracts';
import { hasRole, type Principal } from '@comptoir/platform';
import { orderNotFound } from './errors.ts';
import type { LiveOrders } from './live-orders.ts';
import { TERMINAL_STATUSES, type TrackedChange, type TrackedOrder } from './tracking.ts';

/** Where an order stands in the tracking table. */
export interface TrackedOrderSummary {
  customerId: string;
  /** The last change's `seq`: how far its history goes. */
  lastSeq: number;
  status: OrderStatus;
}

/** The tracking table, as the streams read it. */
export interface TrackingReader {
  find(orderId: string): Promise<TrackedOrderSummary | undefined>;
  /** The order's changes with a `seq` above `seq`, in order. */
  changesAfter(orderId: string, seq: number): Promise<TrackedChange[]>;
}

export interface TrackingOptions {
  /** How long to wait for an order notifications has not heard of yet before answering 404. */
  graceMs: number;
  /** How often the table is read while waiting. */
  pollMs: number;
}

/** Where a stream's changes go: the SSE writer. */
export interface ChangeSink {
  send(change: TrackedChange): void;
  /** The order reached a terminal status and it was sent. */
  end(): void;
}

const summaryOf = (order: TrackedOrder): TrackedOrderSummary => {
  const last = order.changes.at(-1);
  return { customerId: order.customerId, lastSeq: last?.seq ?? 0, status: last?.status ?? 'pending' };
};

/**
 * Live order tracking for its owner: who may follow an order, and what they are sent. An order
 * is checked against the owner notifications learnt from the `order.*` events; one it has not
 * heard of yet may have been placed a moment ago, so it is waited for — `graceMs`, then 404, the
 * same answer as for someone else's order, so a stranger learns nothing of which orders exist.
 */
export class OrderTracking {
  constructor(
    private readonly reader: TrackingReader,
    private readonly live: LiveOrders,
    private readonly options: TrackingOptions,
  ) {}

  /**
   * The caller's follow of `orderId` from after the change `after` (a `Last-Event-ID`), or
   * `finished` when the order has reached its end and the caller has seen it all.
   */
  async follow(caller: Principal, orderId: string, after: number): Promise<OrderFollow | 'finished'> {
    const { summary, heard } = await this.#find(orderId);
    if (!summary || (summary.customerId !== caller.subject && !hasRole(caller, 'admin'))) {
      throw orderNotFound(orderId);
    }
    if (TERMINAL_STATUSES.has(summary.status) && after >= summary.lastSeq) return 'finished';
    return new OrderFollow(orderId, after, this.reader, this.live, heard);
  }

  /** The order from the table, or from the fan-out if it speaks first, waiting up to the grace period. */
  async #find(orderId: string): Promise<{ summary?: TrackedOrderSummary; heard?: TrackedOrder }> {
    const deadline = Date.now() + this.options.graceMs;
    let heard: TrackedOrder | undefined;
    let wake: (() => void) | undefined;
    const stop = this.live.listen(orderId, (order) => {
      heard = order;
      wake?.();
    });
    try {
      for (;;) {
        const row = heard ? undefined : await this.reader.find(orderId);
        if (heard) return { summary: summaryOf(heard), heard };
        if (row) return { summary: row };
        const left = deadline - Date.now();
        if (left <= 0) return {};
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(this.options.pollMs, left));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    } finally {
      stop();
    }
  }
}

/**
 * One client following one order: each change is sent once, in `seq` order, whether it comes
 * from the fan-out (every event carries the whole history) or from the table (`catchUp`, for a
 * change this replica did not hear live); after a terminal status the follow ends.
 */
export class OrderFollow {
  #lastSent: number;
  #sink: ChangeSink | undefined;
  #stop: (() => void) | undefined;
  #closed = false;

  constructor(
    readonly orderId: string,
    after: number,
    private readonly reader: TrackingReader,
    private readonly live: LiveOrders,
    private readonly heard: TrackedOrder | undefined,
  ) {
    this.#lastSent = after;
  }

  /** Sends what is known already, then every change as it is heard, until closed or terminal. */
  async start(sink: ChangeSink): Promise<void> {
    this.#sink = sink;
    // Listening before reading the table: a change committed meanwhile is heard, not lost.
    this.#stop = this.live.listen(this.orderId, (order) => this.#offer(order.changes));
    if (this.heard) this.#offer(this.heard.changes);
    await this.catchUp();
  }

  /** Sends what the table holds beyond the last change sent. */
  async catchUp(): Promise<void> {
    if (this.#closed) return;
    this.#offer(await this.reader.changesAfter(this.orderId, this.#lastSent));
  }

  close(): void {
    this.#closed = true;
    this.#stop?.();
  }

  #offer(changes: readonly TrackedChange[]): void {
    const sink = this.#sink;
    if (!sink) return;
    for (const change of [...changes].sort((a, b) => a.seq - b.seq)) {
      if (this.#closed) return;
      if (change.seq <= this.#lastSent) continue;
      this.#lastSent = change.seq;
      sink.send(change);
      if (TERMINAL_STATUSES.has(change.status)) {
        this.close();
        sink.end();
      }
    }
  }
}
