import type { Static, TSchema } from '@comptoir/platform';
import type { TemplateContext } from './format.ts';
import type { EmailMessage } from './layout.ts';

/** The person an email goes to, when the event names them by id only (an order's customer). */
export interface Recipient {
  email: string;
  /** Null when notifications never heard the name (only `user.verified`). */
  displayName: string | null;
}

/**
 * The email an event sends: the payload it expects (checked before rendering) and the message,
 * or null when this event needs none. An event that carries the address itself renders from its
 * data alone; one that names a user by id says whose with `recipientOf`, and is rendered with
 * that user's address, looked up first.
 */
export interface EmailTemplate<S extends TSchema = TSchema> {
  payload: S;
  // Method syntax on purpose: a template of one payload still fits the registry of all of them.
  recipientOf?(data: Static<S>): string;
  render(data: Static<S>, context: TemplateContext, recipient: Recipient | undefined): EmailMessage | null;
}

/** Declares a template with its payload type inferred from the schema. */
export function emailTemplate<S extends TSchema>(template: EmailTemplate<S>): EmailTemplate<S> {
  return template;
}
