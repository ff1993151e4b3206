import type { EventEnvelope, Static, TSchema } from '@comptoir/platform';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { invalidEvent } from '../domain/errors.ts';

// Tolerant reader: a field a producer adds later is dropped, not a reason to refuse the event.
const ajv = new Ajv({ allErrors: true, strict: false, removeAdditional: true });
addFormats.default(ajv);
const validators = new WeakMap<TSchema, ValidateFunction>();

/**
 * The event's data checked against its contract, or `NOTIFICATIONS_INVALID_EVENT` — thrown from a
 * handler, so the bus retries the event, then parks it in the dead-letter queue.
 */
export function payloadOf<S extends TSchema>(schema: S, event: EventEnvelope): Static<S> {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  if (!validate(event.data)) throw invalidEvent(event.type, ajv.errorsText(validate.errors));
  return event.data as Static<S>;
}
