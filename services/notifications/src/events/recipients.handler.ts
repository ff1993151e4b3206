import { IdentityEventTypes, UserRegistered, UserVerified, VerificationRequested } from '@comptoir/contracts';
import type { EventEnvelope, Queryable } from '@comptoir/platform';
import { payloadOf } from './payload.ts';

export interface RecipientWriter {
  save(tx: Queryable, userId: string, email: string, displayName: string | null): Promise<void>;
}

/** identity's events that carry a user's address. */
export const recipientEventTypes: readonly string[] = [
  IdentityEventTypes.userRegistered,
  IdentityEventTypes.verificationRequested,
  IdentityEventTypes.userVerified,
];

/**
 * Keeps each user's address from identity's `user.*` events, so an order email (whose event names
 * the customer by id only) needs no call to identity — which would not show a machine client
 * someone else's account anyway.
 */
export function recipientsHandler(recipients: RecipientWriter) {
  return async (event: EventEnvelope, tx: Queryable): Promise<void> => {
    switch (event.type) {
      case IdentityEventTypes.userRegistered: {
        const user = payloadOf(UserRegistered, event);
        return recipients.save(tx, user.userId, user.email, user.displayName);
      }
      case IdentityEventTypes.verificationRequested: {
        const user = payloadOf(VerificationRequested, event);
        return recipients.save(tx, user.userId, user.email, user.displayName);
      }
      case IdentityEventTypes.userVerified: {
        const user = payloadOf(UserVerified, event);
        return recipients.save(tx, user.userId, user.email, null);
      }
    }
  };
}
