import type { EventEnvelope, ServiceContext } from '@comptoir/platform';
import type { OnlineOrderStore } from '../domain/order-ports.ts';
import type { OrderingEvent } from '../domain/ports.ts';
import { idempotencyKeys } from './idempotency.repository.ts';
import { orderReader, orderWriter } from './online-orders.repository.ts';

type Kit<C> = Pick<ServiceContext<C>, 'db' | 'event' | 'outbox'>;

/**
 * Online orders' storage: reads on the pool; writes in one transaction whose events (the
 * `order.*` facts and the saga's own step messages) go to the outbox in that same transaction.
 */
export function onlineOrderStore<C>(
  { db, event, outbox }: Kit<C>,
  eventsCommitted: (events: readonly EventEnvelope[]) => void = () => {},
): OnlineOrderStore {
  return {
    orders: orderReader(db),
    async write(work) {
      let committed: EventEnvelope[] = [];
      const result = await db.transaction(async (tx) => {
        const events: EventEnvelope[] = [];
        const record = (e: OrderingEvent) => {
          events.push(event(e.type, e.data, e.subject));
        };
        const value = await work({ orders: orderWriter(tx), keys: idempotencyKeys(tx), record });
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
