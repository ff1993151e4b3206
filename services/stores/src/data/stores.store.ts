import type { EventEnvelope, ServiceContext } from '@comptoir/platform';
import type { StoresStore } from '../domain/ports.ts';
import { ledgerReader } from './ledger.repository.ts';
import { registerReader, registerRepository } from './registers.repository.ts';
import { sessionReader, sessionWriter } from './sessions.repository.ts';
import { storeReader, storeWriter } from './stores.repository.ts';

type Kit<C> = Pick<ServiceContext<C>, 'db' | 'event' | 'outbox'>;

/**
 * Stores' storage: reads on the pool; writes in one transaction whose events go to the outbox in
 * that same transaction, and the relay is nudged once it has committed.
 */
export function storesStore<C>({ db, event, outbox }: Kit<C>): StoresStore {
  return {
    stores: storeReader(db),
    registers: registerReader(db),
    sessions: sessionReader(db),
    ledger: ledgerReader(db),
    async write(work) {
      const events: EventEnvelope[] = [];
      const result = await db.transaction(async (tx) => {
        const value = await work({
          stores: storeWriter(tx),
          registers: registerRepository(tx),
          sessions: sessionWriter(tx),
          ledger: ledgerReader(tx),
          record: (e) => {
            events.push(event(e.type, e.data, e.subject));
          },
        });
        if (events.length > 0) await outbox.append(tx, events);
        return value;
      });
      if (events.length > 0) outbox.nudge();
      return result;
    },
  };
}
