import { PassThrough } from 'node:stream';
import { OrderId, type OrderTrackingEvent } from '@comptoir/contracts';
import { type HttpApp, principalOf, problems, Type } from '@comptoir/platform';
import type { OrderTracking } from '../domain/order-tracking.ts';
import type { TrackedChange } from '../domain/tracking.ts';

export interface OrderEventsOptions {
  /** A comment line this often, so proxies and clients see the stream is alive. */
  heartbeatMs: number;
  /** A stream is ended after this long; the client reconnects with `Last-Event-ID`. */
  maxStreamMs: number;
}

/** The open streams of this replica: counted in metrics, ended at shutdown. */
export class OpenStreams {
  readonly #streams = new Set<PassThrough>();

  add(stream: PassThrough): void {
    this.#streams.add(stream);
    stream.once('close', () => this.#streams.delete(stream));
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Ends every stream: clients reconnect (to another replica) and resume with `Last-Event-ID`. */
  endAll(): void {
    for (const stream of this.#streams) stream.end();
  }
}

/** One change as an SSE message: its seq as `id`, `event: status`, the change as JSON `data`. */
export function sseMessage(change: TrackedChange): string {
  const data: OrderTrackingEvent = {
    status: change.status,
    at: change.at,
    reason: change.reason,
    ...(change.trackingNumber ? { trackingNumber: change.trackingNumber } : {}),
  };
  return `id: ${change.seq}\nevent: status\ndata: ${JSON.stringify(data)}\n\n`;
}

const LastEventId = Type.String({
  pattern: '^[0-9]{1,9}$',
  description: 'The `id` of the last event received: the stream resumes after it.',
});

/**
 * `GET /orders/{id}/events`: the order's status changes as Server-Sent Events, for its customer
 * (or an admin) — the history so far, then each change as it happens, then the end of the stream
 * once the order is delivered or cancelled.
 */
export function orderEventsRoutes(
  app: HttpApp,
  tracking: OrderTracking,
  streams: OpenStreams,
  options: OrderEventsOptions,
): void {
  app.get(
    '/orders/:id/events',
    {
      schema: {
        summary: 'Follow an order live (Server-Sent Events)',
        description:
          'For the order’s customer or an admin. Sends every status change so far, then each one ' +
          'as it happens (`id:` the change’s position in the history, `event: status`, `data:` ' +
          '`OrderTrackingEvent`), a comment line as a heartbeat, and ends after `delivered` or ' +
          '`cancelled`. `Last-Event-ID` resumes after that change; when nothing is left of a ' +
          'finished order the answer is 204, which tells an EventSource to stop reconnecting. An ' +
          'order placed a moment ago is waited for a few seconds; someone else’s order, or one ' +
          'still unknown after that, is 404.',
        tags: ['tracking'],
        operationId: 'followOrder',
        params: Type.Object({ id: OrderId }),
        headers: Type.Object({ 'last-event-id': Type.Optional(LastEventId) }),
        produces: ['text/event-stream'],
        response: {
          200: {
            description: 'The stream of the order’s status changes.',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          204: { description: 'The order is delivered or cancelled and the client has seen it all.' },
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const after = Number(request.headers['last-event-id'] ?? 0);
      const follow = await tracking.follow(principalOf(request, reply), request.params.id, after);
      if (follow === 'finished') return reply.code(204).send();

      const stream = new PassThrough();
      streams.add(stream);
      const heartbeat = setInterval(() => {
        stream.write(': keep-alive\n\n');
        // A change this replica did not hear live (the broker link dropped) is in the table.
        follow
          .catchUp()
          .catch((error: unknown) => request.log.warn({ err: error }, 'tracking catch-up failed'));
      }, options.heartbeatMs);
      const lifetime = setTimeout(() => stream.end(), options.maxStreamMs);
      stream.once('close', () => {
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        follow.close();
      });
      // Flushes the headers now: the client knows it is connected before the first change.
      stream.write(`: following ${follow.orderId}\n\n`);
      follow
        .start({ send: (change) => stream.write(sseMessage(change)), end: () => stream.end() })
        .catch((error: unknown) => {
          request.log.warn({ err: error }, 'tracking stream failed: ended');
          stream.end();
        });

      reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-store')
        // nginx and other proxies must pass each message on at once, not fill a buffer first.
        .header('x-accel-buffering', 'no');
      return reply.send(stream);
    },
  );
}
