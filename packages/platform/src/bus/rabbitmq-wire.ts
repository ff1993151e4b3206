import type { Channel, ConfirmChannel, Message, Options } from 'amqplib';
import { errorText } from './delivery.ts';
import type { EventEnvelope } from './types.ts';

/** Header counting failed deliveries of a message. */
export const ATTEMPTS_HEADER = 'comptoir-attempts';
/** Header holding the last handler error of a dead letter. */
export const ERROR_HEADER = 'comptoir-error';
/** Header holding when a message was dead-lettered. */
export const DEAD_AT_HEADER = 'comptoir-dead-at';

/** The three queues behind one subscription name. */
export interface QueueNames {
  queue: string;
  /** Holds failed messages for their back-off (per-message TTL), then dead-letters them back. */
  retry: string;
  dlq: string;
}

/** The queue names for a subscription, with an optional prefix (tests isolate themselves with one). */
export function queueNames(prefix: string, queue: string): QueueNames {
  const name = `${prefix}${queue}`;
  return { queue: name, retry: `${name}.retry`, dlq: `${name}.dlq` };
}

/**
 * Declares a subscription's queues, all durable. An expired retry message goes through the
 * default exchange straight back to its own queue, not to every queue bound to its topic.
 */
export async function declareQueues(channel: Channel, names: QueueNames): Promise<void> {
  await channel.assertQueue(names.queue, { durable: true });
  await channel.assertQueue(names.retry, {
    durable: true,
    deadLetterExchange: '',
    deadLetterRoutingKey: names.queue,
  });
  await channel.assertQueue(names.dlq, { durable: true });
}

/**
 * The message for an event: the JSON envelope as body, persistent, routed by type, with the
 * CloudEvents attributes repeated as AMQP properties and `cloudEvents:*` headers (so tools can
 * route or inspect without parsing the body), and the trace context as `traceparent`/`tracestate`.
 */
export function encodeEvent(event: EventEnvelope): { content: Buffer; options: Options.Publish } {
  const headers: Record<string, string> = {
    'cloudEvents:specversion': event.specversion,
    'cloudEvents:id': event.id,
    'cloudEvents:type': event.type,
    'cloudEvents:source': event.source,
    'cloudEvents:time': event.time,
  };
  if (event.subject !== undefined) headers['cloudEvents:subject'] = event.subject;
  if (event.correlationid !== undefined) headers['cloudEvents:correlationid'] = event.correlationid;
  // The trace context as W3C names it, where tracing tools look for it on a message (and under
  // the CloudEvents AMQP binding's name); the consumer reads the envelope's, which is the same.
  if (event.traceparent !== undefined) {
    headers.traceparent = event.traceparent;
    headers['cloudEvents:traceparent'] = event.traceparent;
  }
  if (event.tracestate !== undefined) {
    headers.tracestate = event.tracestate;
    headers['cloudEvents:tracestate'] = event.tracestate;
  }
  const seconds = Math.floor(Date.parse(event.time) / 1000);
  return {
    content: Buffer.from(JSON.stringify(event)),
    options: {
      persistent: true,
      contentType: 'application/json',
      messageId: event.id,
      type: event.type,
      appId: event.source,
      ...(Number.isFinite(seconds) ? { timestamp: seconds } : {}),
      ...(event.correlationid !== undefined ? { correlationId: event.correlationid } : {}),
      headers,
    },
  };
}

/** The envelope in a message; throws when the body is not one. */
export function decodeEvent(message: Message): EventEnvelope {
  const parsed: unknown = JSON.parse(message.content.toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('message body is not a JSON object');
  const { id, type } = parsed as Partial<EventEnvelope>;
  if (typeof id !== 'string' || typeof type !== 'string')
    throw new Error('message body is not an event envelope');
  const event = parsed as EventEnvelope;
  // The headers' trace context wins over the body's: a tool on the way may have put its own.
  const headers = message.properties.headers;
  if (typeof headers?.traceparent === 'string') event.traceparent = headers.traceparent;
  if (typeof headers?.tracestate === 'string') event.tracestate = headers.tracestate;
  return event;
}

/** The bookkeeping headers of a dead letter. */
export function deadLetterHeaders(attempts: number, error: unknown): Record<string, string | number> {
  return {
    [ATTEMPTS_HEADER]: attempts,
    [ERROR_HEADER]: errorText(error),
    [DEAD_AT_HEADER]: new Date().toISOString(),
  };
}

/** How many times handlers have already failed on this message. */
export function attemptsOf(message: Message): number {
  const value: unknown = message.properties.headers?.[ATTEMPTS_HEADER];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Properties to send a received message on, with our bookkeeping headers replaced by `set`. */
export function republishOptions(
  message: Message,
  set: Record<string, string | number>,
  expirationMs?: number,
): Options.Publish {
  const { properties } = message;
  const headers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties.headers ?? {})) {
    if (!key.startsWith('x-') && !key.startsWith('comptoir-')) headers[key] = value;
  }
  const options: Options.Publish = { persistent: true, headers: { ...headers, ...set } };
  if (properties.contentType) options.contentType = properties.contentType;
  if (properties.messageId) options.messageId = properties.messageId;
  if (properties.type) options.type = properties.type;
  if (properties.appId) options.appId = properties.appId;
  if (properties.timestamp) options.timestamp = properties.timestamp;
  if (properties.correlationId) options.correlationId = properties.correlationId;
  if (expirationMs !== undefined) options.expiration = String(expirationMs);
  return options;
}

/**
 * Sends on a confirm channel and resolves when the broker has confirmed. `send` returns
 * amqplib's flow flag: when false, callers should wait for `drain` before sending more.
 */
export function sendConfirmed(
  send: (callback: (error: unknown) => void) => boolean,
  what: string,
  timeoutMs: number,
): { confirmed: Promise<void>; flowing: boolean } {
  let flowing = true;
  const confirmed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`RabbitMQ did not confirm ${what} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      flowing = send((error) => {
        clearTimeout(timer);
        if (error) reject(new Error(`RabbitMQ did not take ${what}: ${reason(error)}`, { cause: error }));
        else resolve();
      });
    } catch (error) {
      clearTimeout(timer);
      reject(new Error(`RabbitMQ did not take ${what}: ${reason(error)}`, { cause: error }));
    }
  });
  // Awaited later by the caller; marked handled now so a failure while waiting for `drain` is not "unhandled".
  confirmed.catch(() => {});
  return { confirmed, flowing };
}

/** Resolves when a channel can take more messages again, or has closed. */
export function drained(channel: ConfirmChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      channel.off('drain', done);
      channel.off('close', done);
      resolve();
    };
    channel.on('drain', done);
    channel.on('close', done);
  });
}

function reason(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'negative acknowledgement (channel closed or broker refused)';
}
