import type { Logger } from 'pino';
import { broadcastQueueName, broadcastSettings, consumerSettings } from './delivery.ts';
import { MemoryQueue } from './memory-queue.ts';
import type { Bus, DeadLetter, EventEnvelope, QueueDepth, SubscribeOptions, Subscription } from './types.ts';

/** Options of the in-process bus. */
export interface MemoryBusOptions {
  /** Where handler failures are logged. */
  log?: Logger;
}

/** The broker part of the in-process bus: the exchange and its queues, shared by its views. */
class MemoryBroker {
  readonly queues = new Map<string, MemoryQueue>();
  closed = false;

  publish(events: readonly EventEnvelope[]): void {
    if (this.closed) throw new Error('The in-process bus is closed');
    // Serialise everything first: a batch with one unserialisable event publishes nothing.
    const bodies = events.map((event) => ({ type: event.type, body: JSON.stringify(event) }));
    for (const { type, body } of bodies) {
      for (const queue of this.queues.values()) if (queue.routes(type)) queue.enqueue(body);
    }
  }

  queue(name: string): MemoryQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new MemoryQueue(name);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}

/**
 * A view of a broker: closing it closes the view's own subscriptions, and the broker only when
 * the view owns it (several services share one in-process broker).
 */
function view(broker: MemoryBroker, log: Logger | undefined, ownsBroker: boolean): Bus {
  const mine = new Set<Subscription>();
  return {
    kind: 'memory',
    async publish(events: readonly EventEnvelope[]): Promise<void> {
      broker.publish(events);
    },
    async subscribe(options: SubscribeOptions): Promise<Subscription> {
      if (broker.closed) throw new Error('The in-process bus is closed');
      const settings = options.broadcast
        ? { ...broadcastSettings(options, log), queue: broadcastQueueName(options.queue) }
        : consumerSettings(options);
      const queue = broker.queue(settings.queue);
      queue.bind(settings.topics);
      const consumer = queue.consume(settings, log);
      const subscription: Subscription = {
        close: async () => {
          mine.delete(subscription);
          await consumer.close();
          // A broadcast queue is the subscriber's own: it goes with the subscription.
          if (options.broadcast) broker.queues.delete(settings.queue);
        },
      };
      mine.add(subscription);
      return subscription;
    },
    async deadLetters(queue: string): Promise<DeadLetter[]> {
      return broker.queues.get(queue)?.deadLetters() ?? [];
    },
    async replayDeadLetters(queue: string, eventId?: string): Promise<number> {
      return broker.queues.get(queue)?.replay(eventId) ?? 0;
    },
    async discardDeadLetter(queue: string, eventId: string): Promise<boolean> {
      return broker.queues.get(queue)?.discard(eventId) ?? false;
    },
    async queueDepth(queue: string): Promise<QueueDepth> {
      return broker.queues.get(queue)?.depthByState() ?? { ready: 0, retrying: 0, dead: 0 };
    },
    async ping(): Promise<void> {
      if (broker.closed) throw new Error('The in-process bus is closed');
    },
    async close(): Promise<void> {
      await Promise.all([...mine].map((subscription) => subscription.close()));
      if (ownsBroker) await broker.close();
    },
  };
}

/**
 * A fresh in-process bus with RabbitMQ's semantics: topic routing (`*`, `#`), one queue per
 * subscription name shared by competing consumers, asynchronous delivery bounded by prefetch,
 * retries with back-off, a dead-letter queue after `maxAttempts`, and `broadcast` subscriptions
 * that each get their own copy. Nothing survives the process.
 * Events published to a topic no queue is bound to are dropped, as on RabbitMQ.
 * @example
 * const bus = createMemoryBus();
 * await bus.subscribe({ queue: 'reporting.sales', topics: ['sale.*'], handler: async (e) => { … } });
 */
export function createMemoryBus(options: MemoryBusOptions = {}): Bus {
  return view(new MemoryBroker(), options.log, true);
}

let shared: MemoryBroker | undefined;

/**
 * The process-wide in-process bus: every service built in this process publishes to and
 * consumes from the same broker. `close()` closes only the caller's own subscriptions.
 */
export function sharedMemoryBus(options: MemoryBusOptions = {}): Bus {
  if (!shared || shared.closed) shared = new MemoryBroker();
  return view(shared, options.log, false);
}
