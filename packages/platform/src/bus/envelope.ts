import { monotonicFactory } from 'ulid';
import { currentContext } from '../logging/context.ts';
import { carrierOf } from '../tracing/tracing.ts';
import type { EventEnvelope } from './types.ts';

/** What a producer says about a new event; the rest of the envelope is filled in. */
export interface NewEvent<T> {
  /** Past-tense fact, also the routing key: `order.placed`. */
  type: string;
  /** The producing service: `/comptoir/ordering`. */
  source: string;
  data: T;
  /** What the event is about, e.g. the order id. */
  subject?: string;
  /** Defaults to the current request's or event's correlation id. */
  correlationId?: string;
}

// Monotonic: ids made in the same millisecond still sort in creation order.
const nextUlid = monotonicFactory();

/** A new, sortable, unique event id: `evt_01J…` (ULID). */
export function newEventId(): string {
  return `evt_${nextUlid()}`;
}

/**
 * Builds a CloudEvents 1.0 envelope, tied to the work in progress by its correlation id and, when
 * the service traces, by the `traceparent` of the span in hand.
 * @example
 * const event = createEvent({ type: 'order.placed', source: '/comptoir/ordering', data: { orderId }, subject: orderId });
 */
export function createEvent<T>(event: NewEvent<T>): EventEnvelope<T> {
  const context = currentContext();
  const correlationId = event.correlationId ?? context?.correlationId;
  return {
    specversion: '1.0',
    id: newEventId(),
    type: event.type,
    source: event.source,
    time: new Date().toISOString(),
    ...(event.subject !== undefined ? { subject: event.subject } : {}),
    datacontenttype: 'application/json',
    ...(correlationId !== undefined ? { correlationid: correlationId } : {}),
    ...(context?.trace ? carrierOf(context.trace.span) : {}),
    data: event.data,
  };
}
