import type { EventEnvelope, ServiceContext } from '@comptoir/platform';
import type { PaymentsEvent, PaymentsStore } from '../domain/ports.ts';
import { idempotencyKeys } from './idempotency.repository.ts';
import { paymentReader, paymentWriter, refundWriter } from './payments.repository.ts';

type Kit<C> = Pick<ServiceContext<C>, 'db' | 'event' | 'outbox'>;

/**
 * Payments' storage: reads on the pool; writes in one transaction whose events go to the outbox
 * in that same transaction, and the relay is nudged once it has committed.
 */
export function paymentsStore<C>({ db, event, outbox }: Kit<C>): PaymentsStore {
  return {
    payments: paymentReader(db),
    async write(work) {
      let recorded = false;
      const result = await db.transaction(async (tx) => {
        const events: EventEnvelope[] = [];
        const record = (e: PaymentsEvent) => {
          events.push(event(e.type, e.data, e.subject));
        };
        const value = await work({
          payments: paymentWriter(tx),
          refunds: refundWriter(tx),
          keys: idempotencyKeys(tx),
          record,
        });
        if (events.length > 0) await outbox.append(tx, events);
        recorded = events.length > 0;
        return value;
      });
      if (recorded) outbox.nudge();
      return result;
    },
  };
}
