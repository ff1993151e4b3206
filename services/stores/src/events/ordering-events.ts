import { OrderingEventTypes } from '@comptoir/contracts';
import type { EventEnvelope, Logger, Queryable } from '@comptoir/platform';
import { onSaleCompleted } from './sale-completed.handler.ts';
import { onSaleReturned } from './sale-returned.handler.ts';

/** The topics stores consumes from ordering. */
export const ORDERING_TOPICS = [OrderingEventTypes.saleCompleted, OrderingEventTypes.saleReturned];

/** Ordering's POS facts, each handled once (the kit's inbox) in its own transaction. */
export function orderingEventsHandler(log: Logger) {
  return async (event: EventEnvelope, tx: Queryable): Promise<void> => {
    switch (event.type) {
      case OrderingEventTypes.saleCompleted:
        return onSaleCompleted(event.data, tx, log);
      case OrderingEventTypes.saleReturned:
        return onSaleReturned(event.data, tx, log);
      default:
        return;
    }
  };
}
