import { AsyncResource } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { runWithContext } from '../logging/context.ts';
import type { EventEnvelope, EventHandler, SubscribeOptions } from './types.ts';

/** Subscription options with every default applied; shared by the RabbitMQ and in-memory buses. */
export interface ConsumerSettings {
  queue: string;
  topics: readonly string[];
  handler: EventHandler;
  prefetch: number;
  maxAttempts: number;
  backoffMs: (attempt: number) => number;
  /**
   * The subscriber's async context. Handlers run in it, never in the publisher's: a handler
   * must not inherit the relay's open transaction (PGlite would see a re-entrant call).
   */
  scope: AsyncResource;
}

/** 200 ms, 400 ms, 800 ms… capped at 30 s. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(30_000, 200 * 2 ** (attempt - 1));
}

/** Applies defaults and rejects options that cannot work. */
export function consumerSettings(options: SubscribeOptions): ConsumerSettings {
  const prefetch = options.prefetch ?? 10;
  const maxAttempts = options.maxAttempts ?? 5;
  if (!options.queue) throw new Error('subscribe: queue is required');
  if (options.topics.length === 0)
    throw new Error(`subscribe ${options.queue}: at least one topic is required`);
  if (!Number.isInteger(prefetch) || prefetch < 1)
    throw new Error(`subscribe ${options.queue}: prefetch must be ≥ 1`);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new Error(`subscribe ${options.queue}: maxAttempts must be ≥ 1`);
  }
  return {
    queue: options.queue,
    topics: options.topics,
    handler: options.handler,
    prefetch,
    maxAttempts,
    backoffMs: options.backoffMs ?? defaultBackoffMs,
    scope: new AsyncResource('comptoir.bus.consumer'),
  };
}

/**
 * Settings of a `broadcast` subscription: a handler whose failures are logged and swallowed —
 * the subscriber's own queue has no retry or dead-letter queue behind it.
 */
export function broadcastSettings(options: SubscribeOptions, log: Logger | undefined): ConsumerSettings {
  const settings = consumerSettings({ ...options, maxAttempts: 1 });
  const { handler } = settings;
  return {
    ...settings,
    handler: async (event) => {
      try {
        await handler(event);
      } catch (error) {
        log?.warn(
          { queue: options.queue, eventId: event.id, type: event.type, err: error },
          'broadcast handler failed: event dropped',
        );
      }
    },
  };
}

/**
 * A broadcast subscriber's own queue, `<queue>.<random>`: fresh at every (re)opening, so a
 * reconnect never collides with the queue of a connection the broker has not yet seen die.
 */
export function broadcastQueueName(queue: string): string {
  return `${queue}.${randomBytes(6).toString('hex')}`;
}

/** Runs a handler in the subscriber's scope, with the event's correlation id as the work context. */
export function runHandler(settings: ConsumerSettings, event: EventEnvelope): Promise<void> {
  return settings.scope.runInAsyncScope(() =>
    runWithContext({ requestId: event.id, correlationId: event.correlationid ?? event.id }, () =>
      settings.handler(event),
    ),
  );
}

/** A non-negative whole number of milliseconds from a back-off function. */
export function delayFor(settings: ConsumerSettings, attempt: number): number {
  const ms = settings.backoffMs(attempt);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
}

/** The text kept with a dead letter: an error's message, bounded so it fits in a header. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

/**
 * Whether a routing key matches an AMQP topic pattern: words split on `.`, `*` is exactly one
 * word, `#` is zero or more words.
 */
export function topicMatches(pattern: string, key: string): boolean {
  return matchWords(pattern.split('.'), 0, key.split('.'), 0);
}

function matchWords(pattern: string[], p: number, key: string[], k: number): boolean {
  if (p === pattern.length) return k === key.length;
  const word = pattern[p];
  if (word === '#') {
    for (let skip = k; skip <= key.length; skip++) if (matchWords(pattern, p + 1, key, skip)) return true;
    return false;
  }
  if (k === key.length) return false;
  return (word === '*' || word === key[k]) && matchWords(pattern, p + 1, key, k + 1);
}
