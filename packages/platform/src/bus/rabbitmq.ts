import type { Logger } from 'pino';
import { broadcastSettings, consumerSettings } from './delivery.ts';
import { RabbitBroadcast } from './rabbitmq-broadcast.ts';
import { RabbitConsumer } from './rabbitmq-consumer.ts';
import {
  discardDeadLetter,
  queueDepth,
  readDeadLetters,
  replayDeadLetters,
} from './rabbitmq-dead-letters.ts';
import { RabbitLink } from './rabbitmq-link.ts';
import { RabbitPublisher } from './rabbitmq-publisher.ts';
import { queueNames } from './rabbitmq-wire.ts';
import type { Bus, DeadLetter, EventEnvelope, QueueDepth, SubscribeOptions, Subscription } from './types.ts';

export { BusUnavailableError } from './rabbitmq-link.ts';

/** Where and how to reach RabbitMQ. */
export interface RabbitBusOptions {
  /** `amqp://user:password@host:5672/vhost` */
  url: string;
  /** The durable topic exchange every service publishes to. Default `comptoir.events`. */
  exchange?: string;
  log: Logger;
  /** Prepended to every queue name (tests use one to keep parallel files apart). Default none. */
  queuePrefix?: string;
  /** How long start-up waits for the broker. Default 10 s. */
  connectTimeoutMs?: number;
  /** How long a publish waits for the broker's confirm. Default 10 s. */
  confirmTimeoutMs?: number;
  /** Shown in the management UI. Default `comptoir`. */
  connectionName?: string;
}

/**
 * The event bus on RabbitMQ: a durable topic exchange, publisher confirms, a durable queue per
 * consuming service with manual acks, bounded prefetch, retries with back-off through a
 * `<queue>.retry` queue, and `<queue>.dlq` after `maxAttempts`; a `broadcast` subscription gets an
 * exclusive, auto-deleted queue of its own instead. The connection reconnects by
 * itself and consumers resume; while it is down, `publish` rejects with `BusUnavailableError`
 * (the outbox relay keeps the events and retries). Resolves once connected; fails fast otherwise.
 * @example
 * const bus = await createRabbitBus({ url: 'amqp://guest:guest@localhost:5672', log });
 */
export async function createRabbitBus(options: RabbitBusOptions): Promise<Bus> {
  const exchange = options.exchange ?? 'comptoir.events';
  const prefix = options.queuePrefix ?? '';
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 10_000;
  const log = options.log.child({ component: 'bus' });
  const link = await RabbitLink.open({
    url: options.url,
    log,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    connectionName: options.connectionName ?? 'comptoir',
  });
  const publisher = new RabbitPublisher(link, exchange, confirmTimeoutMs, log);
  const consumers = new Set<RabbitConsumer | RabbitBroadcast>();
  let closed = false;
  const open = () => {
    if (closed) throw new Error('The RabbitMQ bus is closed');
  };

  async function broadcast(subscribeOptions: SubscribeOptions): Promise<Subscription> {
    const settings = broadcastSettings(subscribeOptions, log);
    const subscriber = new RabbitBroadcast(link, exchange, `${prefix}${settings.queue}`, settings, log);
    consumers.add(subscriber);
    try {
      await subscriber.start();
    } catch (error) {
      consumers.delete(subscriber);
      await subscriber.close();
      throw error;
    }
    return {
      async close() {
        consumers.delete(subscriber);
        await subscriber.close();
      },
    };
  }

  return {
    kind: 'rabbitmq',
    async publish(events: readonly EventEnvelope[]): Promise<void> {
      open();
      await publisher.publish(events);
    },
    async subscribe(subscribeOptions: SubscribeOptions): Promise<Subscription> {
      open();
      if (subscribeOptions.broadcast) return broadcast(subscribeOptions);
      const settings = consumerSettings(subscribeOptions);
      const names = queueNames(prefix, settings.queue);
      const consumer = new RabbitConsumer(link, exchange, names, settings, confirmTimeoutMs, log);
      consumers.add(consumer);
      try {
        await consumer.start();
      } catch (error) {
        consumers.delete(consumer);
        await consumer.close();
        throw error;
      }
      return {
        async close() {
          consumers.delete(consumer);
          await consumer.close();
        },
      };
    },
    async deadLetters(queue: string): Promise<DeadLetter[]> {
      open();
      return readDeadLetters(link.current(), queueNames(prefix, queue));
    },
    async replayDeadLetters(queue: string, eventId?: string): Promise<number> {
      open();
      return replayDeadLetters(link.current(), queueNames(prefix, queue), eventId, confirmTimeoutMs);
    },
    async discardDeadLetter(queue: string, eventId: string): Promise<boolean> {
      open();
      return discardDeadLetter(link.current(), queueNames(prefix, queue), eventId);
    },
    async queueDepth(queue: string): Promise<QueueDepth> {
      open();
      return queueDepth(link.current(), queueNames(prefix, queue));
    },
    async ping(): Promise<void> {
      open();
      await publisher.ready();
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([...consumers].map((consumer) => consumer.close()));
      consumers.clear();
      await publisher.close();
      await link.close();
    },
  };
}
