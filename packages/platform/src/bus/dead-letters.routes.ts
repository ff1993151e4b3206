import { Type } from '@sinclair/typebox';
import { authenticated, principalOf } from '../auth/guards.ts';
import { DomainError } from '../errors/errors.ts';
import type { HttpApp } from '../http/app.ts';
import { cursorCodec } from '../http/cursor.ts';
import { Cursor, Limit, problems } from '../http/schemas.ts';
import { BusUnavailableError } from './rabbitmq-link.ts';
import type { Bus, DeadLetter } from './types.ts';

/** The kit's own error codes for the dead-letter admin. Stable; a retired code is never reused. */
export const DeadLetterErrorCodes = {
  queueNotFound: 'BUS_QUEUE_NOT_FOUND',
  deadLetterNotFound: 'BUS_DEAD_LETTER_NOT_FOUND',
  invalidCursor: 'BUS_INVALID_CURSOR',
  unavailable: 'BUS_UNAVAILABLE',
} as const;
const C = DeadLetterErrorCodes;

const queueNotFound = (queue: string, service: string) =>
  new DomainError(
    'not_found',
    C.queueNotFound,
    `"${queue}" is not a queue of ${service}: its queues are named "${service}.<name>".`,
  );
const deadLetterNotFound = (queue: string, eventId: string) =>
  new DomainError(
    'not_found',
    C.deadLetterNotFound,
    `No dead letter of "${queue}" holds the event "${eventId}".`,
  );
const invalidCursor = () =>
  new DomainError('bad_request', C.invalidCursor, 'The cursor is not one this API gave out.', {
    errors: [{ pointer: '/querystring/cursor', detail: 'is malformed or was altered' }],
  });

const tags = ['dead letters'];

const QueueName = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[A-Za-z0-9._-]+$',
  description: 'A queue of this service, as listed: `<service>.<name>`.',
});
const EventId = Type.String({ minLength: 1, maxLength: 200 });

const QueueSummary = Type.Object(
  {
    queue: Type.String(),
    ready: Type.Integer({ description: 'Waiting for a consumer.' }),
    retrying: Type.Integer({ description: 'Waiting out a back-off before the next attempt.' }),
    dead: Type.Integer({ description: 'In the dead-letter queue until replayed.' }),
  },
  { title: 'QueueSummary' },
);

const Envelope = Type.Object(
  {
    specversion: Type.String(),
    id: Type.String(),
    type: Type.String(),
    source: Type.String(),
    time: Type.String(),
    subject: Type.Optional(Type.String()),
    datacontenttype: Type.String(),
    correlationid: Type.Optional(Type.String()),
    traceparent: Type.Optional(Type.String()),
    tracestate: Type.Optional(Type.String()),
    data: Type.Unknown(),
  },
  { title: 'EventEnvelope', additionalProperties: true },
);

const DeadLetterView = Type.Object(
  {
    event: Envelope,
    attempts: Type.Integer({ description: 'Failed deliveries before it was parked.' }),
    error: Type.String({ description: 'What the handler threw the last time.' }),
    deadAt: Type.String(),
  },
  { title: 'DeadLetter' },
);

const Replayed = Type.Object(
  { replayed: Type.Integer({ description: 'Messages put back on their queue.' }) },
  { title: 'Replayed' },
);

/** Dead letters are listed oldest first; the cursor carries the last one's (deadAt, event id). */
const cursor = cursorCodec<{ deadAt: string; id: string }>(
  ({ deadAt, id, ...rest }) =>
    typeof deadAt === 'string' && typeof id === 'string' && Object.keys(rest).length === 0
      ? { deadAt, id }
      : undefined,
  invalidCursor,
);

const keyOf = (letter: DeadLetter) => ({ deadAt: letter.deadAt, id: letter.event.id });
const after = (a: { deadAt: string; id: string }, b: { deadAt: string; id: string }) =>
  a.deadAt > b.deadAt || (a.deadAt === b.deadAt && a.id > b.id);

export type DeadLetterRoutesOptions = {
  /** The service: its queues are `<service>.<name>`. */
  service: string;
  bus: Bus;
  /** The queues this process consumes from, listed by `GET /admin/dead-letters`. */
  queues: () => readonly string[];
};

/**
 * `/admin/dead-letters`, for admins: the service's queues with their depth, the dead letters of
 * one queue (oldest first, paged), one of them, replaying one or all back onto their queue, and
 * discarding one that will never succeed.
 * A queue belongs to the service that consumes it, so each service answers for its own — any
 * `<service>.<name>`, listed or not (a worker process may consume a queue its API process does
 * not). Operators' tooling like `/metrics`: left out of the OpenAPI document.
 * @example await app.register(deadLetterRoutes, { prefix: '/admin/dead-letters', service, bus, queues });
 */
export const deadLetterRoutes = authenticated<DeadLetterRoutesOptions>(async (app: HttpApp, options) => {
  const { service, bus } = options;
  const admin = { roles: ['admin'] as const };
  const ownQueue = (queue: string): string => {
    if (!queue.startsWith(`${service}.`) || queue.length === service.length + 1) {
      throw queueNotFound(queue, service);
    }
    return queue;
  };
  const onBus = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof BusUnavailableError) {
        throw new DomainError('unavailable', C.unavailable, error.message, { cause: error });
      }
      throw error;
    }
  };

  app.get(
    '/',
    {
      config: admin,
      schema: {
        hide: true,
        summary: "This service's queues and how many messages each holds",
        tags,
        response: { 200: Type.Object({ items: Type.Array(QueueSummary) }), ...problems(401, 403, 503) },
      },
    },
    async () => {
      const queues = [...new Set(options.queues())].sort();
      const items = await onBus(() =>
        Promise.all(queues.map(async (queue) => ({ queue, ...(await bus.queueDepth(queue)) }))),
      );
      return { items };
    },
  );

  app.get(
    '/:queue',
    {
      config: admin,
      schema: {
        hide: true,
        summary: 'Dead letters of a queue, oldest first',
        tags,
        params: Type.Object({ queue: QueueName }),
        querystring: Type.Object({ limit: Limit, cursor: Type.Optional(Cursor) }),
        response: {
          200: Type.Object({
            queue: Type.String(),
            total: Type.Integer({ description: 'Dead letters in the queue now.' }),
            items: Type.Array(DeadLetterView),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problems(400, 401, 403, 404, 503),
        },
      },
    },
    async (request) => {
      const queue = ownQueue(request.params.queue);
      const { limit } = request.query;
      const from = cursor.decode(request.query.cursor);
      const letters = (await onBus(() => bus.deadLetters(queue))).sort((a, b) =>
        after(keyOf(a), keyOf(b)) ? 1 : after(keyOf(b), keyOf(a)) ? -1 : 0,
      );
      const rest = from ? letters.filter((letter) => after(keyOf(letter), from)) : letters;
      const items = rest.slice(0, limit);
      const last = items.at(-1);
      return {
        queue,
        total: letters.length,
        items,
        nextCursor: rest.length > limit && last ? cursor.encode(keyOf(last)) : null,
      };
    },
  );

  app.get(
    '/:queue/:eventId',
    {
      config: admin,
      schema: {
        hide: true,
        summary: 'One dead letter: the event, its attempts and the last error',
        tags,
        params: Type.Object({ queue: QueueName, eventId: EventId }),
        response: { 200: DeadLetterView, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const queue = ownQueue(request.params.queue);
      const { eventId } = request.params;
      const letter = (await onBus(() => bus.deadLetters(queue))).find((l) => l.event.id === eventId);
      if (!letter) throw deadLetterNotFound(queue, eventId);
      return letter;
    },
  );

  app.post(
    '/:queue/replay',
    {
      config: admin,
      schema: {
        hide: true,
        summary: 'Put every dead letter of a queue back on it, attempts reset',
        tags,
        params: Type.Object({ queue: QueueName }),
        response: { 200: Replayed, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const queue = ownQueue(request.params.queue);
      return { replayed: await onBus(() => bus.replayDeadLetters(queue)) };
    },
  );

  app.post(
    '/:queue/:eventId/replay',
    {
      config: admin,
      schema: {
        hide: true,
        summary: 'Put one dead letter back on its queue, attempts reset',
        tags,
        params: Type.Object({ queue: QueueName, eventId: EventId }),
        response: { 200: Replayed, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const queue = ownQueue(request.params.queue);
      const { eventId } = request.params;
      const replayed = await onBus(() => bus.replayDeadLetters(queue, eventId));
      if (replayed === 0) throw deadLetterNotFound(queue, eventId);
      return { replayed };
    },
  );

  app.delete(
    '/:queue/:eventId',
    {
      config: admin,
      schema: {
        hide: true,
        summary: 'Throw away one dead letter for good: an event that will never succeed',
        tags,
        params: Type.Object({ queue: QueueName, eventId: EventId }),
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const queue = ownQueue(request.params.queue);
      const { eventId } = request.params;
      // Read first for the event's type: once discarded, the log line is all that is left of it.
      const letter = (await onBus(() => bus.deadLetters(queue))).find((l) => l.event.id === eventId);
      if (!letter || !(await onBus(() => bus.discardDeadLetter(queue, eventId)))) {
        throw deadLetterNotFound(queue, eventId);
      }
      request.log.info(
        {
          by: principalOf(request).subject,
          queue,
          eventId,
          type: letter.event.type,
          attempts: letter.attempts,
        },
        'dead letter discarded',
      );
      return reply.code(204).send(null);
    },
  );
});
