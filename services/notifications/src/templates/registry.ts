import { IdentityEventTypes, OrderEventTypes } from '@comptoir/contracts';
import type { EventEnvelope } from '@comptoir/platform';
import { invalidEvent, recipientUnknown } from '../domain/errors.ts';
import { payloadOf } from '../events/payload.ts';
import type { TemplateContext } from './format.ts';
import type { EmailMessage } from './layout.ts';
import { orderCancelled, orderConfirmed, orderDelivered, orderShipped } from './order.templates.ts';
import type { EmailTemplate, Recipient } from './template.ts';
import { verificationOnRequest, verificationOnSignUp } from './verification.template.ts';

/**
 * Event type → the email it sends. An email for a new event is a template file and one line
 * here; the subscription binds every type listed.
 */
export const templates: Readonly<Record<string, EmailTemplate>> = {
  [IdentityEventTypes.userRegistered]: verificationOnSignUp,
  [IdentityEventTypes.verificationRequested]: verificationOnRequest,
  [OrderEventTypes.orderConfirmed]: orderConfirmed,
  [OrderEventTypes.orderShipped]: orderShipped,
  [OrderEventTypes.orderDelivered]: orderDelivered,
  [OrderEventTypes.orderCancelled]: orderCancelled,
};

export const emailedEventTypes: readonly string[] = Object.keys(templates);

// One address, no list: a comma in an event's email must not fan the message out.
const SINGLE_ADDRESS = /^[^\s@,;<>"()[\]\\]+@[^\s@,;<>"()[\]\\]+\.[^\s@,;<>"()[\]\\]+$/;

/** Looks up the address of a user an event names by id. */
export type RecipientLookup = (userId: string) => Promise<Recipient | undefined>;

/**
 * The email for `event`, or null when its type sends none or this occurrence needs none. A
 * payload that breaks its contract throws `NOTIFICATIONS_INVALID_EVENT`; a customer whose address
 * is not known yet, `NOTIFICATIONS_RECIPIENT_UNKNOWN`.
 */
export async function emailFor(
  event: EventEnvelope,
  context: TemplateContext,
  recipients: RecipientLookup,
): Promise<EmailMessage | null> {
  const template = templates[event.type];
  if (!template) return null;
  const data = payloadOf(template.payload, event);
  let recipient: Recipient | undefined;
  const userId = template.recipientOf?.(data);
  if (userId !== undefined) {
    recipient = await recipients(userId);
    if (!recipient) throw recipientUnknown(userId, event.type);
  }
  let message: EmailMessage | null;
  try {
    message = template.render(data, context, recipient);
  } catch (error) {
    throw invalidEvent(event.type, error instanceof Error ? error.message : String(error));
  }
  if (message && !SINGLE_ADDRESS.test(message.to)) {
    throw invalidEvent(event.type, `"${message.to}" is not a single email address`);
  }
  return message;
}
