import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  newAddress,
  registered,
  START_TIMEOUT_MS,
  startNotifications,
  type TestNotifications,
} from './notifications.fixture.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.ts';

const MAX_ATTEMPTS = 4;
const RETRY_BASE_MS = 100;

// Recipients the server treats differently: busy for two attempts, or refusing for good.
const busyFor: Record<string, number> = {};
const refused = new Set<string>();

let smtp: TestSmtpServer;
let service: TestNotifications;
beforeAll(async () => {
  smtp = await startSmtpServer({
    decide: (to, attempt) =>
      refused.has(to) || attempt <= (busyFor[to] ?? 0)
        ? { code: 451, message: 'Mailbox busy, try again later' }
        : 'accept',
  });
  service = await startNotifications({
    COMPTOIR_SMTP_URL: smtp.url,
    NOTIFICATIONS_FROM: 'Comptoir <bonjour@comptoir.test>',
    NOTIFICATIONS_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    NOTIFICATIONS_RETRY_BASE_MS: String(RETRY_BASE_MS),
    NOTIFICATIONS_POLL_MS: '25',
    NOTIFICATIONS_SEND_TIMEOUT_MS: '5000',
  });
}, START_TIMEOUT_MS);
afterAll(async () => {
  await service?.close();
  await smtp?.close();
});

const waitFor = <T>(check: () => Promise<T> | T) => vi.waitFor(check, { timeout: 10_000, interval: 25 });
const receivedBy = (to: string) => smtp.received.filter((m) => m.to.includes(to));
const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sending through SMTP', () => {
  it('delivers the verification email to its recipient, with the French-first subject and the link', async () => {
    const to = newAddress();
    const event = await service.publish('user.registered', registered(to));
    const [message] = await waitFor(() => {
      expect(receivedBy(to)).toHaveLength(1);
      return receivedBy(to);
    });
    expect(message?.to).toEqual([to]);
    expect(message?.from).toBe('bonjour@comptoir.test');
    expect(message?.header('subject')).toBe('Confirmez votre adresse courriel | Confirm your email address');
    expect(message?.header('message-id')).toMatch(/^<eml_[0-9A-Z]{26}@comptoir\.test>$/);
    expect(message?.source).toContain(event.data.verification?.url);
    await waitFor(async () =>
      expect(await service.stored(to)).toMatchObject([{ status: 'sent', attempts: 1 }]),
    );
  });

  it('keeps the mailbox for admins when mail goes out for real (no token: 401)', async () => {
    const list = await service.app.inject({ method: 'GET', url: '/mailbox' });
    expect(list.statusCode).toBe(401);
    const one = await service.app.inject({ method: 'GET', url: '/mailbox/eml_01JD3Z8Q5V7W4X9Y2B6C0N1M3K' });
    expect(one.statusCode).toBe(401);
  });

  it('retries a server that refuses, waiting longer each time, and delivers once it accepts — exactly once', async () => {
    const to = newAddress('busy');
    busyFor[to] = 2;
    await service.publish('user.registered', registered(to));

    await waitFor(() => expect(receivedBy(to)).toHaveLength(1));
    await waitFor(async () =>
      expect(await service.stored(to)).toMatchObject([{ status: 'sent', attempts: 3 }]),
    );
    const [first = 0, second = 0, third = 0] = smtp.attempts.get(to) ?? [];
    // Back-off of 100 ms then 200 ms, each ±20 %.
    expect(second - first).toBeGreaterThanOrEqual(0.8 * RETRY_BASE_MS);
    expect(third - second).toBeGreaterThanOrEqual(0.8 * 2 * RETRY_BASE_MS);

    await settle();
    expect(receivedBy(to)).toHaveLength(1);
    expect(smtp.attempts.get(to)).toHaveLength(3);
  });

  it('marks an email failed after its last attempt, with the server’s reason', async () => {
    const to = newAddress('refused');
    refused.add(to);
    await service.publish('user.registered', registered(to));

    const [row] = await waitFor(async () => {
      const rows = await service.stored(to);
      expect(rows).toMatchObject([{ status: 'failed', attempts: MAX_ATTEMPTS }]);
      return rows;
    });
    expect(row?.last_error).toContain('Mailbox busy');
    await settle();
    expect(smtp.attempts.get(to)).toHaveLength(MAX_ATTEMPTS);
    expect(receivedBy(to)).toEqual([]);

    const metrics = await service.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/^emails_failed_total\{service="notifications"\} 1$/m);
    expect(metrics.body).toMatch(/^emails_sent_total\{transport="smtp",service="notifications"\} 2$/m);
  });
});
