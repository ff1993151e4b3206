import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  newAddress,
  registered,
  START_TIMEOUT_MS,
  startNotifications,
  type TestNotifications,
} from './notifications.fixture.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.ts';

/** A port nothing listens on (yet): taken from the OS, then let go. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

let port: number;
let smtp: TestSmtpServer | undefined;
let service: TestNotifications;
beforeAll(async () => {
  port = await freePort();
  service = await startNotifications({
    COMPTOIR_SMTP_URL: `smtp://127.0.0.1:${port}`,
    NOTIFICATIONS_MAX_ATTEMPTS: '50',
    NOTIFICATIONS_RETRY_BASE_MS: '50',
    NOTIFICATIONS_RETRY_MAX_MS: '200',
    NOTIFICATIONS_POLL_MS: '25',
  });
}, START_TIMEOUT_MS);
afterAll(async () => {
  await service?.close();
  await smtp?.close();
});

describe('an SMTP server that is down', () => {
  it('keeps the email pending and retrying until the server is up, then delivers it once', async () => {
    const to = newAddress();
    const event = await service.publish('user.registered', registered(to));

    await vi.waitFor(
      async () => {
        const [row] = await service.stored(to);
        expect(row?.status).toBe('pending');
        expect(row?.attempts).toBeGreaterThanOrEqual(3);
        expect(row?.last_error).toMatch(/ECONNREFUSED/);
      },
      { timeout: 10_000, interval: 25 },
    );

    smtp = await startSmtpServer({ port });
    const server = smtp;
    await vi.waitFor(() => expect(server.received).toHaveLength(1), { timeout: 10_000, interval: 25 });
    expect(server.received[0]?.to).toEqual([to]);
    expect(server.received[0]?.source).toContain(event.data.verification?.url);
    await vi.waitFor(async () => expect(await service.stored(to)).toMatchObject([{ status: 'sent' }]), {
      timeout: 5_000,
      interval: 25,
    });

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.received).toHaveLength(1);
  });
});
