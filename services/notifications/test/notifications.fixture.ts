import type {
  MailboxEmail,
  MailboxEmailSummary,
  UserRegistered,
  VerificationRequested,
} from '@comptoir/contracts';
import { buildService, createEvent, type EventEnvelope } from '@comptoir/platform';
import { testAuth, testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import { ulid } from 'ulid';
import { notifications } from '../src/app.ts';

/** Opening an embedded database compiles PostgreSQL's WASM: seconds idle, over a minute on a busy machine. */
export const START_TIMEOUT_MS = 180_000;

export type TestNotifications = Awaited<ReturnType<typeof startNotifications>>;

/**
 * notifications on a throw-away database, cache and bus (the real servers when COMPTOIR_* are
 * set), polling fast. `env` adds settings, e.g. `COMPTOIR_SMTP_URL` and short back-offs.
 */
export async function startNotifications(env: Record<string, string> = {}) {
  const db = await testDatabase('notifications');
  const cache = await testCache('notifications');
  const bus = await testBus();
  const auth = await testAuth();
  const service = await buildService(notifications, {
    env: {
      ...process.env,
      COMPTOIR_SMTP_URL: undefined,
      LOG_LEVEL: process.env.COMPTOIR_TEST_LOG_LEVEL ?? 'silent',
      NOTIFICATIONS_POLL_MS: '50',
      ...env,
    },
    db,
    cache,
    bus,
    tokenVerifier: auth.verifier,
  });
  await service.app.ready();
  const { app } = service;

  /** Publishes an event as identity would (ordering for `order.*`); returns it so a test can publish it again. */
  async function publish<T>(type: string, data: T, subject?: string): Promise<EventEnvelope<T>> {
    const source = type.startsWith('order.') ? '/comptoir/ordering' : '/comptoir/identity';
    const event = createEvent({ type, source, data, ...(subject ? { subject } : {}) });
    await bus.publish([event]);
    return event;
  }

  async function get<T>(url: string): Promise<T> {
    const response = await app.inject({ method: 'GET', url });
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  }

  const mailbox = (to: string, extra = '') =>
    get<{ items: MailboxEmailSummary[]; nextCursor: string | null }>(
      `/mailbox?to=${encodeURIComponent(to)}${extra}`,
    );

  /** The email row as the service stores it, read straight from its table (works whoever may read the mailbox). */
  async function stored(to: string) {
    const { rows } = await db.query<{
      id: string;
      status: string;
      attempts: number;
      last_error: string | null;
    }>('select id, status, attempts, last_error from emails where to_address = $1 order by id', [to]);
    return rows;
  }

  /** True once the service has handled the event (its inbox row is committed). */
  async function handled(eventId: string): Promise<boolean> {
    const { rows } = await db.query('select 1 from inbox where event_id = $1', [eventId]);
    return rows.length > 0;
  }

  return {
    app,
    db,
    bus,
    auth,
    publish,
    mailbox,
    read: (id: string) => get<MailboxEmail>(`/mailbox/${id}`),
    stored,
    handled,
    async close() {
      await service.close();
      await bus.close();
      await cache.close();
      await db.close();
    },
  };
}

let addresses = 0;
/** A fresh address per call, so tests sharing a service never read each other's mail. */
export function newAddress(name = 'alice'): string {
  addresses += 1;
  return `${name}-${addresses}-${Date.now().toString(36)}@example.test`;
}

const verification = (token = ulid()) => ({
  url: `http://localhost:8080/verify?token=${token}`,
  expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
});

/** A `user.registered` payload as identity publishes it for a sign-up. */
export function registered(email: string, fields: Partial<UserRegistered> = {}): UserRegistered {
  return {
    userId: `usr_${ulid()}`,
    email,
    displayName: 'Alice Tremblay',
    roles: ['customer'],
    verification: verification(),
    ...fields,
  };
}

/** A `user.verification_requested` payload: the user asked for a new link. */
export function verificationRequested(email: string): VerificationRequested {
  return { userId: `usr_${ulid()}`, email, displayName: 'Alice Tremblay', verification: verification() };
}
