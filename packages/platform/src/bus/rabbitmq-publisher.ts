import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { Logger } from 'pino';
import type { RabbitLink } from './rabbitmq-link.ts';
import { drained, encodeEvent, sendConfirmed } from './rabbitmq-wire.ts';
import type { EventEnvelope } from './types.ts';

/**
 * Publishes events to the topic exchange on one confirm channel, re-opened after a reconnect.
 * While the connection is down, publishing fails at once with `BusUnavailableError`.
 */
export class RabbitPublisher {
  #channel: Promise<ConfirmChannel> | null = null;
  #channelModel: ChannelModel | null = null;
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly link: RabbitLink,
    private readonly exchange: string,
    private readonly confirmTimeoutMs: number,
    private readonly log: Logger,
  ) {}

  /** Resolves once the broker has confirmed every event. */
  async publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const work = this.#publish(events);
    this.#pending.add(work);
    try {
      await work;
    } finally {
      this.#pending.delete(work);
    }
  }

  /** Checks that a channel is open and the exchange exists. */
  async ready(): Promise<void> {
    await this.#open();
  }

  /** Waits for publishes in progress, then closes the channel. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    const channel = this.#channel;
    this.#channel = null;
    if (channel) await channel.then((c) => c.close()).catch(() => {});
  }

  async #publish(events: readonly EventEnvelope[]): Promise<void> {
    const channel = await this.#open();
    const confirms: Promise<void>[] = [];
    for (const event of events) {
      const { content, options } = encodeEvent(event);
      const sent = sendConfirmed(
        (callback) => channel.publish(this.exchange, event.type, content, options, callback),
        `event ${event.id} (${event.type})`,
        this.confirmTimeoutMs,
      );
      confirms.push(sent.confirmed);
      if (!sent.flowing) await drained(channel);
    }
    await Promise.all(confirms);
  }

  #open(): Promise<ConfirmChannel> {
    const model = this.link.current();
    if (this.#channel && this.#channelModel === model) return this.#channel;
    const opening = (async () => {
      const channel = await model.createConfirmChannel();
      channel.on('error', (error: Error) =>
        this.log.warn({ err: error }, 'RabbitMQ publishing channel error'),
      );
      channel.on('close', () => {
        if (this.#channel === opening) this.#channel = null;
      });
      await channel.assertExchange(this.exchange, 'topic', { durable: true });
      return channel;
    })();
    opening.catch(() => {
      if (this.#channel === opening) this.#channel = null;
    });
    this.#channel = opening;
    this.#channelModel = model;
    return opening;
  }
}
