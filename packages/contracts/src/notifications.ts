import { type Static, Type } from '@sinclair/typebox';
import { OrderStatus } from './ordering.ts';

export const EmailId = Type.String({
  pattern: '^eml_[0-9A-HJKMNP-TV-Z]{26}$',
  examples: ['eml_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'],
});

/** `pending` until a transport takes it (retried with back-off), then `sent`, or `failed` after the last attempt. */
export const EmailStatus = Type.Union(
  [Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')],
  {
    title: 'EmailStatus',
  },
);
export type EmailStatus = Static<typeof EmailStatus>;

const summaryFields = {
  id: EmailId,
  to: Type.String({ examples: ['alice@example.com'] }),
  subject: Type.String(),
  status: EmailStatus,
  /** The event the email answers, e.g. `user.registered`. */
  eventType: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
};

/** An email as the mailbox lists it (`GET /api/notifications/mailbox`). */
export const MailboxEmailSummary = Type.Object(summaryFields, {
  additionalProperties: false,
  title: 'MailboxEmailSummary',
});
export type MailboxEmailSummary = Static<typeof MailboxEmailSummary>;

/** The whole message (`GET /api/notifications/mailbox/{id}`): both bodies and the delivery record. */
export const MailboxEmail = Type.Object(
  {
    ...summaryFields,
    eventId: Type.String(),
    text: Type.String(),
    html: Type.String(),
    attempts: Type.Integer({ minimum: 0 }),
    lastError: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false, title: 'MailboxEmail' },
);
export type MailboxEmail = Static<typeof MailboxEmail>;

/**
 * The `data` of one `event: status` in the live tracking stream
 * (`GET /api/notifications/orders/{id}/events`, Server-Sent Events). Its SSE `id` is the change's
 * position in the order's history (1, 2, …), which a client sends back as `Last-Event-ID`.
 */
export const OrderTrackingEvent = Type.Object(
  {
    status: OrderStatus,
    at: Type.String({ format: 'date-time' }),
    /** Why: a cancellation's reason (`payment_declined`…), a shipment's carrier and number. */
    reason: Type.Union([Type.String(), Type.Null()]),
    /** The shipment's tracking number, on `partially_shipped`, `shipped` and `delivered`. */
    trackingNumber: Type.Optional(Type.String()),
  },
  { additionalProperties: false, title: 'OrderTrackingEvent' },
);
export type OrderTrackingEvent = Static<typeof OrderTrackingEvent>;
