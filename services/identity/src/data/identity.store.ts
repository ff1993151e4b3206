import type { EventEnvelope, ServiceContext } from '@comptoir/platform';
import type { IdentityEvent, IdentityStore } from '../domain/ports.ts';
import { sessionsRepository, verificationsRepository } from './sessions.repository.ts';
import { signInFailuresRepository } from './sign-in-failures.repository.ts';
import { usersRepository } from './users.repository.ts';

type Kit<C> = Pick<ServiceContext<C>, 'db' | 'event' | 'outbox'>;

/**
 * identity's storage: reads on the pool; writes in one transaction whose events go to the
 * outbox in that same transaction, and the relay is nudged once it has committed.
 */
export function identityStore<C>({ db, event, outbox }: Kit<C>): IdentityStore {
  return {
    users: usersRepository(db),
    failures: signInFailuresRepository(db),
    async write(work) {
      const events: EventEnvelope[] = [];
      const result = await db.transaction(async (tx) => {
        events.length = 0; // a retried transaction starts over
        const value = await work({
          users: usersRepository(tx),
          verifications: verificationsRepository(tx),
          sessions: sessionsRepository(tx),
          record: (e: IdentityEvent) => {
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
