import { IdentityEventTypes } from '@comptoir/contracts';
import type { EventEnvelope } from '@comptoir/platform';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { invalidEvent } from '../domain/errors.ts';
import type { TemplateContext } from './format.ts';
import type { EmailMessage } from './layout.ts';
import type { EmailTemplate } from './template.ts';
import { verificationOnRequest, verificationOnSignUp } from './verification.template.ts';

/**
 * Event type → the email it sends. An email for a new event is a template file and one line
 * here; the subscription binds every type listed.
 */
export const templates: Readonly<Record<string, EmailTemplate>> = {
  [IdentityEventTypes.userRegistered]: verificationOnSignUp,
  [IdentityEventTypes.verificationRequested]: verificationOnRequest,
};

export const emailedEventTypes: readonly string[] = Object.keys(templates);

// Tolerant reader: a field a producer adds later is dropped, not a reason to refuse the event.
const ajv = new Ajv({ allErrors: true, strict: false, removeAdditional: true });
addFormats.default(ajv);
const validators = new Map<EmailTemplate, ValidateFunction>();

// One address, no list: a comma in an event's email must not fan the message out.
const SINGLE_ADDRESS = /^[^\s@,;<>"()[\]\\]+@[^\s@,;<>"()[\]\\]+\.[^\s@,;<>"()[\]\\]+$/;

/**
 * The email for `event`, or null when its type sends none or this occurrence needs none. A
 * payload that breaks its contract throws `NOTIFICATIONS_INVALID_EVENT`.
 */
export function emailFor(event: EventEnvelope, context: TemplateContext): EmailMessage | null {
  const template = templates[event.type];
  if (!template) return null;
  let validate = validators.get(template);
  if (!validate) {
    validate = ajv.compile(template.payload);
    validators.set(template, validate);
  }
  if (!validate(event.data)) throw invalidEvent(event.type, ajv.errorsText(validate.errors));
  let message: EmailMessage | null;
  try {
    message = template.render(event.data, context);
  } catch (error) {
    throw invalidEvent(event.type, error instanceof Error ? error.message : String(error));
  }
  if (message && !SINGLE_ADDRESS.test(message.to)) {
    throw invalidEvent(event.type, `"${message.to}" is not a single email address`);
  }
  return message;
}
