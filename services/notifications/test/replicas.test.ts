import { type BuiltService, buildService, createEvent } from '@comptoir/platform';
import { testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { notifications } from '../src/app.ts';
import { newAddress, registered, START_TIMEOUT_MS } from './notifications.fixture.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.ts';

// Two replicas of the service on one database and one queue, as in a deployment.
let db: Awaited<ReturnType<typeof testDatabase>>;
let bus: Awaited<ReturnType<typeof testBus>>;
let cache: Awaited<ReturnType<typeof testCache>>;
let smtp: TestSmtpServer;
const replicas: BuiltService[] = [];

beforeAll(async () => {
  db = await testDatabase('notifications');
  cache = await testCache('notifications');
  bus = await testBus();
  // Busy on the first try for every message: the retries race between replicas too.
  smtp = await startSmtpServer({
    decide: (_to, attempt) => (attempt === 1 ? { code: 421, message: 'Busy' } : 'accept'),
  });
  const env = {
    ...process.env,
    LOG_LEVEL: 'silent',
    COMPTOIR_SMTP_URL: smtp.url,
    NOTIFICATIONS_POLL_MS: '10',
    NOTIFICATIONS_RETRY_BASE_MS: '20',
    NOTIFICATIONS_BATCH_SIZE: '3',
  };
  for (let i = 0; i < 2; i++) replicas.push(await buildService(notifications, { env, db, cache, bus }));
}, START_TIMEOUT_MS);
afterAll(async () => {
  for (const replica of replicas) await replica.close();
  await smtp?.close();
  await bus?.close();
  await cache?.close();
  await db?.close();
});

describe('two replicas sending side by side', () => {
  it('send every email exactly once, each taking a share', async () => {
    const recipients = Array.from({ length: 30 }, () => newAddress('crowd'));
    await bus.publish(
      recipients.map((to) =>
        createEvent({ type: 'user.registered', source: '/comptoir/identity', data: registered(to) }),
      ),
    );

    await vi.waitFor(() => expect(smtp.received).toHaveLength(recipients.length), {
      timeout: 20_000,
      interval: 50,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const delivered = smtp.received.flatMap((message) => message.to);
    expect(delivered.sort()).toEqual([...recipients].sort());
    for (const to of recipients) expect(smtp.attempts.get(to)).toHaveLength(2);
    const { rows } = await db.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from emails group by status',
    );
    expect(rows).toEqual([{ status: 'sent', n: recipients.length }]);

    // Both took a share: the test exercised the claim race, not one replica alone.
    const sentBy = await Promise.all(
      replicas.map(async (replica) => {
        const metrics = await replica.app.inject({ method: 'GET', url: '/metrics' });
        return Number(/^emails_sent_total\{transport="smtp"[^}]*\} (\d+)$/m.exec(metrics.body)?.[1] ?? 0);
      }),
    );
    expect(sentBy.reduce((a, b) => a + b)).toBe(recipients.length);
    for (const count of sentBy) expect(count).toBeGreaterThan(0);
  });
});
