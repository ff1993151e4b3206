import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { broadcastQueueName, type ConsumerSettings, runHandler } from './delivery.ts';
import type { RabbitLink } from './rabbitmq-link.ts';
import { decodeEvent } from './rabbitmq-wire.ts';
import type { Subscription } from './types.ts';

const REOPEN_AFTER_MS = 1_000;

/**
 * A fan-out subscriber: its own queue — exclusive to its connection, auto-deleted, not durable —
 * bound to the topics, so every subscriber gets every matching event. Manual acks bound the
 * messages in hand by the prefetch; each is acked once handled, whatever the outcome (the settings'
 * handler swallows failures). After a reconnect or a channel error it declares a fresh queue:
 * what was published meanwhile is missed, which is the contract of a broadcast subscription.
 */
export class RabbitBroadcast implements Subscription {
  #channel: Channel | null = null;
  #queue: string | null = null;
  #consumerTag: string | null = null;
  #opening: Promise<void> | null = null;
  #reopenTimer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stopListening: () => void;

  constructor(
    private readonly link: RabbitLink,
    private readonly exchange: string,
    /** The queue's name before its random suffix, prefix included. */
    private readonly baseName: string,
    private readonly settings: ConsumerSettings,
    private readonly log: Logger,
  ) {
    this.#stopListening = link.onConnect((model) => this.#reopen(model));
  }

  /** Declares the queue and starts consuming; when the broker is down, starts on reconnect. */
  async start(): Promise<void> {
    const model = this.link.model;
    if (model) await this.#open(model);
  }

  /** The queue in use right now (for tests and logs), or null while disconnected. */
  get queue(): string | null {
    return this.#queue;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopListening();
    clearTimeout(this.#reopenTimer);
    await this.#opening?.catch(() => {});
    const channel = this.#channel;
    this.#channel = null;
    if (channel && this.#consumerTag) await channel.cancel(this.#consumerTag).catch(() => {});
    await Promise.allSettled([...this.#inFlight]);
    // Auto-delete removes it with the consumer; deleting it too covers a queue never consumed from.
    if (channel && this.#queue) await channel.deleteQueue(this.#queue).catch(() => {});
    this.#queue = null;
    if (channel) await channel.close().catch(() => {});
  }

  #open(model: ChannelModel): Promise<void> {
    this.#opening ??= this.#openOn(model).finally(() => {
      this.#opening = null;
    });
    return this.#opening;
  }

  async #openOn(model: ChannelModel): Promise<void> {
    const settings = { ...this.settings, queue: broadcastQueueName(this.baseName) };
    const channel = await model.createChannel();
    channel.on('error', (error: Error) =>
      this.log.warn({ err: error, queue: settings.queue }, 'broadcast channel error'),
    );
    channel.on('close', () => this.#lost(channel, model));
    try {
      await channel.assertExchange(this.exchange, 'topic', { durable: true });
      await channel.assertQueue(settings.queue, { exclusive: true, autoDelete: true, durable: false });
      for (const topic of settings.topics) await channel.bindQueue(settings.queue, this.exchange, topic);
      await channel.prefetch(settings.prefetch);
      if (this.#closed) throw new Error('closed');
      this.#channel = channel;
      this.#queue = settings.queue;
      const { consumerTag } = await channel.consume(
        settings.queue,
        (message) => this.#received(channel, settings, message),
        { noAck: false, exclusive: true },
      );
      this.#consumerTag = consumerTag;
    } catch (error) {
      this.#channel = null;
      this.#queue = null;
      await channel.close().catch(() => {});
      throw error;
    }
  }

  #reopen(model: ChannelModel): void {
    if (this.#closed || this.#channel) return;
    this.#open(model).catch((error: unknown) => {
      this.log.warn({ err: error }, 'could not re-open a broadcast subscription: retrying');
      this.#reopenSoon();
    });
  }

  #lost(channel: Channel, model: ChannelModel): void {
    if (this.#channel !== channel) return;
    this.#channel = null;
    this.#queue = null;
    this.#consumerTag = null;
    if (!this.#closed && this.link.model === model) this.#reopenSoon();
  }

  #reopenSoon(): void {
    clearTimeout(this.#reopenTimer);
    this.#reopenTimer = setTimeout(() => {
      const model = this.link.model;
      if (model) this.#reopen(model);
    }, REOPEN_AFTER_MS);
  }

  #received(channel: Channel, settings: ConsumerSettings, message: ConsumeMessage | null): void {
    if (message === null) {
      // Cancelled by the broker (queue deleted): closing the channel declares a fresh one.
      void channel.close().catch(() => {});
      return;
    }
    const work = this.#handle(channel, settings, message);
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  async #handle(channel: Channel, settings: ConsumerSettings, message: ConsumeMessage): Promise<void> {
    try {
      await runHandler(settings, decodeEvent(message));
    } catch (error) {
      this.log.warn({ err: error, queue: settings.queue }, 'undecodable broadcast message: dropped');
    }
    try {
      channel.ack(message);
    } catch {
      // The channel closed: its queue went with it.
    }
  }
}
