import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { type ConsumerSettings, delayFor, runHandler } from './delivery.ts';
import type { RabbitLink } from './rabbitmq-link.ts';
import {
  ATTEMPTS_HEADER,
  attemptsOf,
  deadLetterHeaders,
  declareQueues,
  decodeEvent,
  type QueueNames,
  republishOptions,
  sendConfirmed,
} from './rabbitmq-wire.ts';
import type { EventEnvelope, Subscription } from './types.ts';

const REOPEN_AFTER_MS = 1_000;

/**
 * One consumer on a durable queue: manual acks, bounded prefetch, failed messages moved to the
 * retry queue (back-off as per-message TTL) or, after `maxAttempts`, to the dead-letter queue —
 * each move confirmed by the broker before the original is acked, so nothing is lost in between.
 * Re-opens its channel after a reconnect or a channel error.
 */
export class RabbitConsumer implements Subscription {
  #channel: ConfirmChannel | null = null;
  #consumerTag: string | null = null;
  #opening: Promise<void> | null = null;
  #reopenTimer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stopListening: () => void;

  constructor(
    private readonly link: RabbitLink,
    private readonly exchange: string,
    private readonly names: QueueNames,
    private readonly settings: ConsumerSettings,
    private readonly confirmTimeoutMs: number,
    private readonly log: Logger,
  ) {
    this.#stopListening = link.onConnect((model) => this.#reopen(model));
  }

  /** Declares the queues and starts consuming; when the broker is down, starts on reconnect. */
  async start(): Promise<void> {
    const model = this.link.model;
    if (model) await this.#open(model);
    else this.log.warn({ queue: this.names.queue }, 'RabbitMQ is down: consumer will start on reconnect');
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopListening();
    clearTimeout(this.#reopenTimer);
    await this.#opening?.catch(() => {});
    const channel = this.#channel;
    if (channel && this.#consumerTag) await channel.cancel(this.#consumerTag).catch(() => {});
    await Promise.allSettled([...this.#inFlight]);
    this.#channel = null;
    if (channel) await channel.close().catch(() => {});
  }

  #open(model: ChannelModel): Promise<void> {
    this.#opening ??= this.#openOn(model).finally(() => {
      this.#opening = null;
    });
    return this.#opening;
  }

  async #openOn(model: ChannelModel): Promise<void> {
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) =>
      this.log.warn({ err: error, queue: this.names.queue }, 'consumer channel error'),
    );
    channel.on('close', () => this.#lost(channel, model));
    try {
      await channel.assertExchange(this.exchange, 'topic', { durable: true });
      await declareQueues(channel, this.names);
      for (const topic of this.settings.topics)
        await channel.bindQueue(this.names.queue, this.exchange, topic);
      await channel.prefetch(this.settings.prefetch);
      if (this.#closed) throw new Error('closed');
      this.#channel = channel;
      const { consumerTag } = await channel.consume(
        this.names.queue,
        (message) => this.#received(channel, message),
        {
          noAck: false,
        },
      );
      this.#consumerTag = consumerTag;
    } catch (error) {
      this.#channel = null;
      await channel.close().catch(() => {});
      throw error;
    }
  }

  #reopen(model: ChannelModel): void {
    if (this.#closed || this.#channel) return;
    this.#open(model).catch((error: unknown) => {
      this.log.warn({ err: error, queue: this.names.queue }, 'could not re-open consumer: retrying');
      this.#reopenSoon();
    });
  }

  /** The channel closed: a reconnect re-opens it, or, if the connection is still up, a timer does. */
  #lost(channel: ConfirmChannel, model: ChannelModel): void {
    if (this.#channel !== channel) return;
    this.#channel = null;
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

  #received(channel: ConfirmChannel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled us (queue deleted): closing the channel re-declares and resumes.
      this.log.warn({ queue: this.names.queue }, 'consumer cancelled by the broker: re-opening');
      void channel.close().catch(() => {});
      return;
    }
    const work = this.#handle(channel, message);
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  async #handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    let event: EventEnvelope;
    try {
      event = decodeEvent(message);
    } catch (error) {
      this.log.error({ err: error, queue: this.names.queue }, 'undecodable message: dead-lettered');
      await this.#move(channel, message, this.names.dlq, deadLetterHeaders(1, error));
      return;
    }
    const attempts = attemptsOf(message) + 1;
    try {
      await runHandler(this.settings, event);
      ack(channel, message);
    } catch (error) {
      const meta = { queue: this.names.queue, eventId: event.id, type: event.type, attempts, err: error };
      if (attempts >= this.settings.maxAttempts) {
        this.log.error(meta, 'event handler failed for the last time: dead-lettered');
        await this.#move(channel, message, this.names.dlq, deadLetterHeaders(attempts, error));
      } else {
        const delay = delayFor(this.settings, attempts);
        this.log.warn({ ...meta, retryInMs: delay }, 'event handler failed: will retry');
        await this.#move(channel, message, this.names.retry, { [ATTEMPTS_HEADER]: attempts }, delay);
      }
    }
  }

  /** Sends a copy to `queue`, then acks the original; if the copy is not confirmed, the original stays. */
  async #move(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    queue: string,
    headers: Record<string, string | number>,
    expirationMs?: number,
  ): Promise<void> {
    const options = republishOptions(message, headers, expirationMs);
    const sent = sendConfirmed(
      (callback) => channel.sendToQueue(queue, message.content, options, callback),
      `a message for ${queue}`,
      this.confirmTimeoutMs,
    );
    try {
      await sent.confirmed;
      ack(channel, message);
    } catch (error) {
      this.log.warn({ err: error, queue }, 'could not move a failed message: it will be redelivered');
      try {
        channel.nack(message, false, true);
      } catch {
        // Channel gone: the broker redelivers unacked messages anyway.
      }
    }
  }
}

function ack(channel: ConfirmChannel, message: ConsumeMessage): void {
  try {
    channel.ack(message);
  } catch {
    // The channel closed under us: the broker redelivers the message, the inbox absorbs the repeat.
  }
}
