import type { EventEnvelope, ServiceContext } from '@comptoir/platform';
import type { OrderingEvent, OrderingStore } from '../domain/ports.ts';
import { idempotencyKeys } from './idempotency.repository.ts';
import { receiptCounter, saleReader, saleWriter } from './orders.repository.ts';
import { returnReader, returnWriter } from './returns.repository.ts';

type Kit<C> = Pick<ServiceContext<C>, 'db' | 'event' | 'outbox'>;

/**
 * Ordering's storage: reads on the pool; writes in one transaction whose events go to the outbox
 * in that same transaction, and the relay is nudged once it has committed; `eventsCommitted`
 * hears the events of each committed transaction (the metrics count them).
 */
export function orderingStore<C>(
  { db, event, outbox }: Kit<C>,
  eventsCommitted: (events: readonly EventEnvelope[]) => void = () => {},
): OrderingStore {
  return {
    sales: saleReader(db),
    returns: returnReader(db),
    async write(work) {
      let committed: EventEnvelope[] = [];
      const result = await db.transaction(async (tx) => {
        const events: EventEnvelope[] = [];
        const record = (e: OrderingEvent) => {
          events.push(event(e.type, e.data, e.subject));
        };
        const value = await work({
          sales: saleWriter(tx),
          returns: returnWriter(tx),
          receipts: receiptCounter(tx),
          keys: idempotencyKeys(tx),
          record,
        });
        if (events.length > 0) await outbox.append(tx, events);
        committed = events;
        return value;
      });
      if (committed.length > 0) {
        outbox.nudge();
        eventsCommitted(committed);
      }
      return result;
    },
  };
}
