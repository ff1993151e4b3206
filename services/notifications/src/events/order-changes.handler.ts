import { OrderChanged, OrderEventTypes } from '@comptoir/contracts';
import type { EventEnvelope, Queryable } from '@comptoir/platform';
import type { LiveOrders } from '../domain/live-orders.ts';
import { type TrackedOrder, trackedOrderOf } from '../domain/tracking.ts';
import { payloadOf } from './payload.ts';

/** Every `order.*` event ordering publishes: each carries the whole order and its history. */
export const orderEventTypes: readonly string[] = Object.values(OrderEventTypes);

/**
 * The durable side of live tracking (`notifications.order-tracking`, shared by the replicas): the
 * order's owner and changes go into the table, once per event (inbox), for streams opened later
 * and for a replica that missed the live copy.
 */
export function orderTrackingHandler(record: (tx: Queryable, order: TrackedOrder) => Promise<void>) {
  return async (event: EventEnvelope, tx: Queryable): Promise<void> => {
    await record(tx, trackedOrderOf(payloadOf(OrderChanged, event)));
  };
}

/**
 * The live side (a fan-out: every replica hears every event): the streams this replica holds for
 * the order are told at once, whatever replica's consumer writes the table.
 */
export function orderLiveHandler(live: LiveOrders) {
  return async (event: EventEnvelope): Promise<void> => {
    live.heard(trackedOrderOf(payloadOf(OrderChanged, event)));
  };
}
