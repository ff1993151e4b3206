import type { EventEnvelope, Queryable } from '@comptoir/platform';
import type { NewEmail } from '../data/emails.repository.ts';
import { newEmailId } from '../domain/ids.ts';
import type { TemplateContext } from '../templates/format.ts';
import { emailFor } from '../templates/registry.ts';
import type { Recipient } from '../templates/template.ts';

export interface TemplatedEmailDeps {
  enqueue(tx: Queryable, email: NewEmail): Promise<boolean>;
  /** The address of a user an event names by id (an order's customer), read in the same transaction. */
  recipient(tx: Queryable, userId: string): Promise<Recipient | undefined>;
  context: TemplateContext;
  /** Called once an email is queued, so the sender does not wait for its next poll. */
  queued(): void;
}

/**
 * Every event with a template becomes one queued email, written in the inbox transaction: a
 * redelivered event finds its inbox row and writes nothing, and the email's unique event id
 * guards the rest. Sending happens later, in the delivery loop.
 */
export function templatedEmailHandler(deps: TemplatedEmailDeps) {
  return async (event: EventEnvelope, tx: Queryable): Promise<void> => {
    const message = await emailFor(event, deps.context, (userId) => deps.recipient(tx, userId));
    if (!message) return;
    const queued = await deps.enqueue(tx, {
      id: newEmailId(),
      eventId: event.id,
      eventType: event.type,
      ...message,
    });
    if (queued) deps.queued();
  };
}
