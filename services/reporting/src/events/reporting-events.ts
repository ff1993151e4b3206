import type { EventEnvelope, Queryable } from '@comptoir/platform';
import { eventLog } from '../data/event-log.repository.ts';
import { projections } from '../data/projections.repository.ts';
import type { Fold } from './fold.ts';

/**
 * Every consumed event, once (the kit's inbox), in its own transaction: kept in the event log,
 * then folded into the read models. The log's own key (the event id) refuses a second copy even
 * after the inbox has forgotten it, so an event is never counted twice.
 */
export function reportingEventsHandler(fold: Fold) {
  return async (event: EventEnvelope, tx: Queryable): Promise<void> => {
    const logged = { id: event.id, type: event.type, subject: event.subject ?? null, data: event.data };
    if (!(await eventLog(tx).append(logged))) return;
    await fold(logged, projections(tx));
  };
}
