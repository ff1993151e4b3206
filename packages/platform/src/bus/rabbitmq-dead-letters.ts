import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import {
  ATTEMPTS_HEADER,
  attemptsOf,
  DEAD_AT_HEADER,
  decodeEvent,
  ERROR_HEADER,
  type QueueNames,
  republishOptions,
  sendConfirmed,
} from './rabbitmq-wire.ts';
import type { DeadLetter, EventEnvelope, QueueDepth } from './types.ts';

/**
 * Reads a dead-letter queue without consuming it: every message is fetched unacknowledged, and
 * closing the channel puts them all back in their original positions. Two readers at the same
 * moment would each see part of the queue.
 */
export async function readDeadLetters(model: ChannelModel, names: QueueNames): Promise<DeadLetter[]> {
  const channel = await model.createChannel();
  channel.on('error', () => {});
  try {
    if (!(await exists(channel, names.dlq))) return [];
    const letters: DeadLetter[] = [];
    for (let message = await channel.get(names.dlq); message; message = await channel.get(names.dlq)) {
      letters.push(toDeadLetter(message));
    }
    return letters;
  } finally {
    await channel.close().catch(() => {});
  }
}

/**
 * Moves dead letters (all, or the one with `eventId`) back to the tail of their queue with their
 * attempts reset; each is acked from the DLQ only after the broker confirmed the copy. The rest
 * keep their order.
 */
export async function replayDeadLetters(
  model: ChannelModel,
  names: QueueNames,
  eventId: string | undefined,
  confirmTimeoutMs: number,
): Promise<number> {
  const channel = await model.createConfirmChannel();
  channel.on('error', () => {});
  let replayed = 0;
  try {
    if (!(await exists(channel, names.dlq)) || !(await exists(channel, names.queue))) return 0;
    for (let message = await channel.get(names.dlq); message; message = await channel.get(names.dlq)) {
      if (eventId !== undefined && eventIdOf(message) !== eventId) continue;
      const options = republishOptions(message, { [ATTEMPTS_HEADER]: 0 });
      const sent = sendConfirmed(
        (callback) => channel.sendToQueue(names.queue, message.content, options, callback),
        `a replayed message for ${names.queue}`,
        confirmTimeoutMs,
      );
      await sent.confirmed;
      channel.ack(message);
      replayed++;
    }
    return replayed;
  } finally {
    await channel.close().catch(() => {});
  }
}

/**
 * Throws away the dead letters holding `eventId`: each is acked from the DLQ, the others are
 * fetched unacknowledged and go back in their original order when the channel closes.
 */
export async function discardDeadLetter(
  model: ChannelModel,
  names: QueueNames,
  eventId: string,
): Promise<boolean> {
  const channel = await model.createChannel();
  channel.on('error', () => {});
  let discarded = false;
  try {
    if (!(await exists(channel, names.dlq))) return false;
    for (let message = await channel.get(names.dlq); message; message = await channel.get(names.dlq)) {
      if (eventIdOf(message) !== eventId) continue;
      channel.ack(message);
      discarded = true;
    }
    return discarded;
  } finally {
    await channel.close().catch(() => {});
  }
}

/**
 * Messages ready in a subscription's queue, its retry queue and its dead-letter queue, as the
 * broker counts them (`queue.declare` passive). Deliveries not yet acknowledged are not included;
 * RabbitMQ reports those through its management API only. A queue never declared counts 0.
 */
export async function queueDepth(model: ChannelModel, names: QueueNames): Promise<QueueDepth> {
  const [ready, retrying, dead] = await Promise.all(
    [names.queue, names.retry, names.dlq].map((queue) => readyIn(model, queue)),
  );
  return { ready: ready!, retrying: retrying!, dead: dead! };
}

/** One channel per queue: checking a missing queue closes its channel (404). */
async function readyIn(model: ChannelModel, queue: string): Promise<number> {
  const channel = await model.createChannel();
  channel.on('error', () => {});
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } catch (error) {
    if ((error as { code?: unknown }).code === 404) return 0;
    throw error;
  } finally {
    await channel.close().catch(() => {});
  }
}

/** Whether a queue exists; a missing one closes the channel (404), so check last or alone. */
async function exists(channel: Channel, queue: string): Promise<boolean> {
  try {
    await channel.checkQueue(queue);
    return true;
  } catch {
    return false;
  }
}

function toDeadLetter(message: GetMessage): DeadLetter {
  const headers = message.properties.headers ?? {};
  const error = headers[ERROR_HEADER];
  const deadAt = headers[DEAD_AT_HEADER];
  return {
    event: eventOf(message),
    attempts: attemptsOf(message),
    error: typeof error === 'string' ? error : String(error ?? ''),
    deadAt: typeof deadAt === 'string' ? deadAt : '',
  };
}

function eventIdOf(message: GetMessage): string | undefined {
  const id: unknown = message.properties.messageId;
  return typeof id === 'string' ? id : eventOf(message).id;
}

/** The envelope, or for a body that was never one, a stand-in carrying the raw text. */
function eventOf(message: GetMessage): EventEnvelope {
  try {
    return decodeEvent(message);
  } catch {
    return {
      specversion: '1.0',
      id: String(message.properties.messageId ?? `undecodable-${message.fields.deliveryTag}`),
      type: message.fields.routingKey,
      source: String(message.properties.appId ?? ''),
      time: '',
      datacontenttype: 'application/json',
      data: message.content.toString('utf8'),
    };
  }
}
