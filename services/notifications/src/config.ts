import { Type } from '@comptoir/platform';

const ms = (fallback: number, description: string, minimum = 1) =>
  Type.Integer({ minimum, default: fallback, description });

/** notifications' own settings; the kit reads and validates them with its own at start-up. */
export const NotificationsConfig = Type.Object({
  /**
   * SMTP server for mail, e.g. `smtp://127.0.0.1:1025` or `smtps://user:pass@mail.example.com`.
   * Unset: the dev mailbox — emails are kept by the service and readable at `GET /mailbox`.
   */
  COMPTOIR_SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  NOTIFICATIONS_FROM: Type.String({ minLength: 3, default: 'Comptoir <no-reply@comptoir.local>' }),
  /** Attempts before an email is marked `failed` (the first send counts). */
  NOTIFICATIONS_MAX_ATTEMPTS: Type.Integer({ minimum: 1, default: 8 }),
  NOTIFICATIONS_RETRY_BASE_MS: ms(10_000, 'Wait before the second attempt; doubles at each one after.'),
  NOTIFICATIONS_RETRY_MAX_MS: ms(3_600_000, 'Longest wait between two attempts.'),
  NOTIFICATIONS_POLL_MS: ms(1_000, 'How often the sender looks for due emails when not nudged.'),
  NOTIFICATIONS_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  NOTIFICATIONS_SEND_TIMEOUT_MS: ms(
    30_000,
    'Longest a single SMTP delivery may take before it counts as failed.',
  ),
  NOTIFICATIONS_RETENTION_DAYS: Type.Integer({
    minimum: 1,
    default: 30,
    description: 'How long sent and failed emails stay readable in the mailbox before they are deleted.',
  }),
  /** Dates in emails (a link's expiry, a delivery date) are written in this zone. */
  NOTIFICATIONS_TIME_ZONE: Type.String({ minLength: 1, default: 'America/Toronto' }),
  NOTIFICATIONS_TRACKING_HEARTBEAT_MS: ms(
    15_000,
    'A comment line this often on every live tracking stream, so proxies keep it open.',
  ),
  NOTIFICATIONS_TRACKING_GRACE_MS: ms(
    5_000,
    'How long a stream waits for an order not heard of yet (placed a moment ago) before answering 404.',
    0,
  ),
  NOTIFICATIONS_TRACKING_MAX_STREAM_MS: ms(
    1_800_000,
    'A stream is ended after this long; the client reconnects, to any replica, with Last-Event-ID.',
  ),
  NOTIFICATIONS_TRACKING_RETENTION_DAYS: Type.Integer({
    minimum: 1,
    default: 90,
    description: 'How long an order nothing happens to stays followable before it is forgotten (then 404).',
  }),
});
