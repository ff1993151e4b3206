import { type EventEnvelope, isDomainError, type ServiceContext } from '@comptoir/platform';
import type { CommittedChanges, InventoryStore, InventoryUnitOfWork } from '../domain/ports.ts';
import { idempotencyWriter } from './idempotency.repository.ts';
import { locationReader, locationRepository } from './locations.repository.ts';
import { movementWriter } from './movements.repository.ts';
import { reconciliationReader, reconciliationWriter } from './reconciliations.repository.ts';
import { reservationReader, reservationWriter } from './reservations.repository.ts';
import { skuWriter } from './skus.repository.ts';
import { stockWriter } from './stock.repository.ts';

type Kit<C> = Pick<ServiceContext<C>, 'db' | 'event' | 'outbox'>;

/**
 * Inventory's storage: reads on the pool; writes in one transaction whose events go to the outbox
 * in that same transaction. Once it has committed, the relay is nudged and `committed` hears which
 * levels and locations changed — every write path goes through here, so none can forget the cache.
 * `eventsCommitted` hears the events of each committed transaction (the metrics count them).
 */
export function inventoryStore<C>(
  { db, event, outbox }: Kit<C>,
  committed: (changes: CommittedChanges) => Promise<void>,
  eventsCommitted: (events: readonly EventEnvelope[]) => void = () => {},
): InventoryStore {
  return {
    locations: locationReader(db),
    reservations: reservationReader(db),
    reconciliations: reconciliationReader(db),
    async write(work) {
      const events: EventEnvelope[] = [];
      const levels = new Map<string, { sku: string; locationId: string }>();
      let locationsChanged = false;
      const result = await db.transaction(async (tx) => {
        const stock = stockWriter(tx);
        const locations = locationRepository(tx);
        let savepoints = 0;
        const uow: InventoryUnitOfWork = {
          stock: {
            ...stock,
            async change(sku, locationId, delta) {
              levels.set(`${sku} ${locationId}`, { sku, locationId });
              return stock.change(sku, locationId, delta);
            },
            async forceChange(sku, locationId, onHand) {
              levels.set(`${sku} ${locationId}`, { sku, locationId });
              return stock.forceChange(sku, locationId, onHand);
            },
          },
          movements: movementWriter(tx),
          skus: skuWriter(tx),
          locations: {
            ...locations,
            async insert(location) {
              locationsChanged = true;
              await locations.insert(location);
            },
            async upsertStore(location) {
              locationsChanged = true;
              return locations.upsertStore(location);
            },
          },
          reservations: reservationWriter(tx),
          reconciliations: reconciliationWriter(tx),
          idempotency: idempotencyWriter(tx),
          record: (e) => {
            events.push(event(e.type, e.data, e.subject));
          },
          async attempt(attempted) {
            savepoints += 1;
            const savepoint = `attempt_${savepoints}`;
            const recorded = events.length;
            await tx.query(`savepoint ${savepoint}`);
            try {
              const value = await attempted();
              await tx.query(`release savepoint ${savepoint}`);
              return { ok: true, value };
            } catch (error) {
              await tx.query(`rollback to savepoint ${savepoint}`);
              events.length = recorded;
              if (isDomainError(error)) return { ok: false, error };
              throw error;
            }
          },
        };
        const value = await work(uow);
        if (events.length > 0) await outbox.append(tx, events);
        return value;
      });
      if (events.length > 0) {
        outbox.nudge();
        eventsCommitted(events);
      }
      if (levels.size > 0 || locationsChanged) {
        await committed({ levels: [...levels.values()], locations: locationsChanged });
      }
      return result;
    },
  };
}
