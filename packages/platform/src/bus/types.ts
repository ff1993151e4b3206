/** CloudEvents 1.0 envelope plus the correlation id that ties an event to the request that caused it. */
export interface EventEnvelope<T = unknown> {
  specversion: '1.0';
  /** Unique per event; consumers de-duplicate on it. */
  id: string;
  /** Past-tense fact, also the routing key: `product.created`. */
  type: string;
  /** The producing service: `/comptoir/catalog`. */
  source: string;
  time: string;
  subject?: string;
  datacontenttype: 'application/json';
  correlationid?: string;
  /**
   * W3C trace context of the work that made the event (CloudEvents' distributed tracing
   * extension), present when the producing service traces: its consumers continue the trace.
   * Saved with the event in the outbox, so the relay publishes it whenever it runs.
   */
  traceparent?: string;
  tracestate?: string;
  data: T;
}

export type EventHandler = (event: EventEnvelope) => Promise<void>;

export interface SubscribeOptions {
  /**
   * Durable queue of the consuming service, e.g. `search.catalog-events`; for a `broadcast`
   * subscription, the start of the name of the subscriber's own queue.
   */
  queue: string;
  /** Routing keys (topic patterns) bound to the queue: `product.*`. */
  topics: readonly string[];
  handler: EventHandler;
  /** Unacknowledged messages in flight per consumer. Default 10. */
  prefetch?: number;
  /** Attempts before the message goes to the dead-letter queue. Default 5. */
  maxAttempts?: number;
  /** Delay before retry n (1-based), in ms. Default exponential from 200 ms. */
  backoffMs?: (attempt: number) => number;
  /**
   * Fan-out: this subscriber gets its own copy of every matching event, on a queue of its own
   * that lives only as long as the subscription (RabbitMQ: exclusive, auto-deleted, not durable;
   * named `<queue>.<random>`). For effects every replica must see in memory — live streams, local
   * caches — never for durable work: a failing handler is logged and the event dropped (no retry,
   * no dead letter), and events published while the subscriber is disconnected are missed.
   * Default false: one durable queue shared by competing consumers.
   */
  broadcast?: boolean;
}

export interface Subscription {
  /** Stops taking new messages and waits for the ones in hand. */
  close(): Promise<void>;
}

/** How many messages a subscription's queues hold right now. */
export interface QueueDepth {
  /** Waiting for a consumer (RabbitMQ's "ready"; unacknowledged deliveries are not counted). */
  ready: number;
  /** Failed once or more and waiting out their back-off before the next attempt. */
  retrying: number;
  /** Gave up after `maxAttempts`: in the dead-letter queue until replayed. */
  dead: number;
}

export interface DeadLetter {
  event: EventEnvelope;
  attempts: number;
  error: string;
  deadAt: string;
}

/** Topic publish/subscribe with at-least-once delivery: RabbitMQ, or an in-process twin. */
export interface Bus {
  readonly kind: 'rabbitmq' | 'memory';
  /** Resolves once the broker has confirmed every event. */
  publish(events: readonly EventEnvelope[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Messages that exhausted their attempts, oldest first. */
  deadLetters(queue: string): Promise<DeadLetter[]>;
  /** Puts dead letters back on their queue (one by event id, or all); returns how many. */
  replayDeadLetters(queue: string, eventId?: string): Promise<number>;
  /**
   * Throws away the dead letter holding `eventId` (every copy, should it have been parked twice),
   * for an event that will never succeed; false when there is none. It cannot be undone.
   */
  discardDeadLetter(queue: string, eventId: string): Promise<boolean>;
  /** Depth of a subscription's queue, its retry queue and its dead-letter queue (zeros if never declared). */
  queueDepth(queue: string): Promise<QueueDepth>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
