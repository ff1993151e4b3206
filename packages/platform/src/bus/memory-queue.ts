import type { Logger } from 'pino';
import { type ConsumerSettings, delayFor, errorText, runHandler, topicMatches } from './delivery.ts';
import type { DeadLetter, EventEnvelope, QueueDepth, Subscription } from './types.ts';

interface Message {
  /** Serialised once on publish, parsed per delivery: handlers never share an object. */
  body: string;
  attempts: number;
}

interface Consumer {
  settings: ConsumerSettings;
  log: Logger | undefined;
  inFlight: number;
  closed: boolean;
  idle: Array<() => void>;
}

/**
 * One named queue of the in-process bus: the twin of a durable RabbitMQ queue with its
 * bindings, competing consumers, retry-with-back-off and dead-letter queue.
 */
export class MemoryQueue {
  readonly #bindings = new Set<string>();
  readonly #ready: Message[] = [];
  readonly #consumers: Consumer[] = [];
  readonly #dead: DeadLetter[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  #next = 0;
  #scheduled = false;

  constructor(readonly name: string) {}

  /** Adds routing-key patterns; like RabbitMQ bindings they stay until the queue is gone. */
  bind(topics: readonly string[]): void {
    for (const topic of topics) this.#bindings.add(topic);
  }

  routes(type: string): boolean {
    for (const pattern of this.#bindings) if (topicMatches(pattern, type)) return true;
    return false;
  }

  enqueue(body: string, attempts = 0): void {
    this.#ready.push({ body, attempts });
    this.#schedule();
  }

  /** Messages waiting for a consumer (not counting those in flight or waiting to be retried). */
  get depth(): number {
    return this.#ready.length;
  }

  consume(settings: ConsumerSettings, log: Logger | undefined): Subscription {
    const consumer: Consumer = { settings, log, inFlight: 0, closed: false, idle: [] };
    this.#consumers.push(consumer);
    this.#schedule();
    return {
      close: async () => {
        if (!consumer.closed) {
          consumer.closed = true;
          this.#consumers.splice(this.#consumers.indexOf(consumer), 1);
        }
        if (consumer.inFlight > 0) await new Promise<void>((resolve) => consumer.idle.push(resolve));
      },
    };
  }

  /** Ready, waiting out a back-off, and dead-lettered. */
  depthByState(): QueueDepth {
    return { ready: this.#ready.length, retrying: this.#timers.size, dead: this.#dead.length };
  }

  deadLetters(): DeadLetter[] {
    return this.#dead.map((letter) => structuredClone(letter));
  }

  replay(eventId?: string): number {
    const keep: DeadLetter[] = [];
    let replayed = 0;
    for (const letter of this.#dead.splice(0)) {
      if (eventId === undefined || letter.event.id === eventId) {
        this.enqueue(JSON.stringify(letter.event));
        replayed++;
      } else {
        keep.push(letter);
      }
    }
    this.#dead.push(...keep);
    return replayed;
  }

  /** Removes the dead letters holding `eventId`; the rest keep their order. */
  discard(eventId: string): boolean {
    const keep = this.#dead.filter((letter) => letter.event.id !== eventId);
    const discarded = keep.length < this.#dead.length;
    this.#dead.splice(0, this.#dead.length, ...keep);
    return discarded;
  }

  /** Stops pending retries (an in-process bus does not outlive its process) and drains consumers. */
  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all([...this.#consumers].map((consumer) => this.#stop(consumer)));
  }

  async #stop(consumer: Consumer): Promise<void> {
    consumer.closed = true;
    if (consumer.inFlight > 0) await new Promise<void>((resolve) => consumer.idle.push(resolve));
  }

  // Deliveries start on a later turn of the event loop, never inside the publisher's call.
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#ready.length > 0) {
      const consumer = this.#pick();
      if (!consumer) return;
      const message = this.#ready.shift()!;
      consumer.inFlight++;
      void this.#deliver(consumer, message);
    }
  }

  /** Round robin over consumers that still have room under their prefetch. */
  #pick(): Consumer | undefined {
    const count = this.#consumers.length;
    for (let i = 0; i < count; i++) {
      const consumer = this.#consumers[(this.#next + i) % count]!;
      if (!consumer.closed && consumer.inFlight < consumer.settings.prefetch) {
        this.#next = (this.#next + i + 1) % count;
        return consumer;
      }
    }
    return undefined;
  }

  async #deliver(consumer: Consumer, message: Message): Promise<void> {
    const event = JSON.parse(message.body) as EventEnvelope;
    try {
      await runHandler(consumer.settings, event);
    } catch (error) {
      this.#failed(consumer, message, event, error);
    } finally {
      consumer.inFlight--;
      if (consumer.inFlight === 0) for (const resolve of consumer.idle.splice(0)) resolve();
      this.#schedule();
    }
  }

  #failed(consumer: Consumer, message: Message, event: EventEnvelope, error: unknown): void {
    const attempts = message.attempts + 1;
    const { maxAttempts } = consumer.settings;
    const meta = { queue: this.name, eventId: event.id, type: event.type, attempts, err: error };
    if (attempts >= maxAttempts) {
      consumer.log?.error(meta, 'event handler failed for the last time: dead-lettered');
      this.#dead.push({ event, attempts, error: errorText(error), deadAt: new Date().toISOString() });
      return;
    }
    const delay = delayFor(consumer.settings, attempts);
    consumer.log?.warn({ ...meta, retryInMs: delay }, 'event handler failed: will retry');
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.enqueue(message.body, attempts);
    }, delay);
    this.#timers.add(timer);
  }
}
