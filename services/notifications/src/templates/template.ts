import type { Static, TSchema } from '@comptoir/platform';
import type { TemplateContext } from './format.ts';
import type { EmailMessage } from './layout.ts';

/**
 * The email an event sends: the payload it expects (checked before rendering) and the message,
 * or null when this event needs none.
 */
export interface EmailTemplate<S extends TSchema = TSchema> {
  payload: S;
  // Method syntax on purpose: a template of one payload still fits the registry of all of them.
  render(data: Static<S>, context: TemplateContext): EmailMessage | null;
}

/** Declares a template with its payload type inferred from the schema. */
export function emailTemplate<S extends TSchema>(template: EmailTemplate<S>): EmailTemplate<S> {
  return template;
}
