import { DomainError } from '@comptoir/platform';

/** notifications' error catalogue. Codes are stable; a retired code is never reused. */
export const NotificationsErrorCodes = {
  emailNotFound: 'NOTIFICATIONS_EMAIL_NOT_FOUND',
  invalidCursor: 'NOTIFICATIONS_INVALID_CURSOR',
  invalidEvent: 'NOTIFICATIONS_INVALID_EVENT',
  orderNotFound: 'NOTIFICATIONS_ORDER_NOT_FOUND',
  recipientUnknown: 'NOTIFICATIONS_RECIPIENT_UNKNOWN',
} as const;
const C = NotificationsErrorCodes;

export const emailNotFound = (id: string) =>
  new DomainError('not_found', C.emailNotFound, `No email has the id "${id}".`);

export const invalidCursor = () =>
  new DomainError('bad_request', C.invalidCursor, 'The cursor is not one this API gave out.', {
    errors: [{ pointer: '/querystring/cursor', detail: 'is malformed or was altered' }],
  });

/** An event whose payload breaks its contract (or cannot make an email): thrown from the handler, so the bus retries it and then parks it in the dead-letter queue. */
export const invalidEvent = (type: string, detail: string) =>
  new DomainError('unprocessable', C.invalidEvent, `A ${type} event cannot be handled: ${detail}.`);

/** Someone else's order, or one notifications has not heard of: the same answer for both. */
export const orderNotFound = (id: string) =>
  new DomainError('not_found', C.orderNotFound, `No order "${id}" of yours is known here.`);

/**
 * An order email for a customer whose address notifications has not learnt (no `user.registered`
 * or `user.verified` heard for them): thrown from the handler, so the bus retries it, then parks
 * it in the dead-letter queue, where an admin sees it and replays it once the address is known.
 */
export const recipientUnknown = (userId: string, type: string) =>
  new DomainError(
    'unavailable',
    C.recipientUnknown,
    `A ${type} event cannot be emailed yet: no address is known for the customer "${userId}".`,
  );
