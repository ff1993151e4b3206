import type { EventEnvelope, ServiceContext } from '@comptoir/platform';
import type { PaymentsEvent, PaymentsStore } from '../domain/ports.ts';
import { idempotencyKeys } from './idempotency.repository.ts';
import { paymentReader, paymentWriter, refundWriter } from './payments.repository.ts';

type Kit<C> = Pick<ServiceContext<C>, 'db' | 'event' | 'outbox'>;

/**
 * Payments' storage: reads on the pool; writes in one transaction whose events go to the outbox
 * in that same transaction, and the relay is nudged once it has committed; `eventsCommitted`
 * hears the events of each committed transaction (the metrics count them).
 */
export function paymentsStore<C>(
  { db, event, outbox }: Kit<C>,
  eventsCommitted: (events: readonly EventEnvelope[]) => void = () => {},
): PaymentsStore {
  return {
    payments: paymentReader(db),
    async write(work) {
      let events: EventEnvelope[] = [];
      const result = await db.transaction(async (tx) => {
        events = [];
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
        return value;
      });
      if (events.length > 0) {
        outbox.nudge();
        eventsCommitted(events);
      }
      return result;
    },
  };
}
