import { DomainError } from '@comptoir/platform';

/** notifications' error catalogue. Codes are stable; a retired code is never reused. */
export const NotificationsErrorCodes = {
  emailNotFound: 'NOTIFICATIONS_EMAIL_NOT_FOUND',
  invalidCursor: 'NOTIFICATIONS_INVALID_CURSOR',
  invalidEvent: 'NOTIFICATIONS_INVALID_EVENT',
} as const;
const C = NotificationsErrorCodes;

export const emailNotFound = (id: string) =>
  new DomainError('not_found', C.emailNotFound, `No email has the id "${id}".`);

export const invalidCursor = () =>
  new DomainError('bad_request', C.invalidCursor, 'The cursor is not one this API gave out.', {
    errors: [{ pointer: '/querystring/cursor', detail: 'is malformed or was altered' }],
  });

/** An event whose payload cannot make an email: thrown from the handler, so the bus retries it and then parks it in the dead-letter queue. */
export const invalidEvent = (type: string, detail: string) =>
  new DomainError('unprocessable', C.invalidEvent, `A ${type} event cannot be emailed: ${detail}.`);
