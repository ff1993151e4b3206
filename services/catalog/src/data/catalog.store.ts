import type { EventEnvelope, ServiceContext } from '@comptoir/platform';
import type { CatalogEvent, CatalogStore } from '../domain/ports.ts';
import { categoryReader, categoryWriter } from './categories.repository.ts';
import { productReader, productWriter } from './products.repository.ts';

type Kit<C> = Pick<ServiceContext<C>, 'db' | 'event' | 'outbox'>;

/**
 * The catalog's storage: reads on the pool; writes in one transaction whose events go to the
 * outbox in that same transaction, and the relay is nudged once it has committed.
 */
export function catalogStore<C>({ db, event, outbox }: Kit<C>): CatalogStore {
  return {
    products: productReader(db),
    categories: categoryReader(db),
    async write(work) {
      let recorded = false;
      const result = await db.transaction(async (tx) => {
        const events: EventEnvelope[] = [];
        const record = (e: CatalogEvent) => {
          events.push(event(e.type, e.data, e.subject));
        };
        const value = await work({ products: productWriter(tx), categories: categoryWriter(tx), record });
        if (events.length > 0) await outbox.append(tx, events);
        recorded = events.length > 0;
        return value;
      });
      if (recorded) outbox.nudge();
      return result;
    },
  };
}
