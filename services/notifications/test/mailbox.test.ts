import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { forgetOldRecords } from '../src/data/housekeeping.ts';
import {
  newAddress,
  registered,
  START_TIMEOUT_MS,
  startNotifications,
  type TestNotifications,
  verificationRequested,
} from './notifications.fixture.ts';

// No COMPTOIR_SMTP_URL: emails go to the embedded dev mailbox, readable by anyone.
let service: TestNotifications;
beforeAll(async () => {
  service = await startNotifications();
}, START_TIMEOUT_MS);
afterAll(() => service?.close());

const waitFor = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: 10_000, interval: 25 });

/** Waits for exactly one sent email to `to` and returns it in full. */
async function theEmailTo(to: string) {
  const [summary] = await waitFor(async () => {
    const { items } = await service.mailbox(to);
    expect(items).toHaveLength(1);
    expect(items[0]?.status).toBe('sent');
    return items;
  });
  return service.read(summary?.id ?? '');
}

describe('the dev mailbox', () => {
  it('gets one email for a user.registered event, French subject first, carrying the verification link', async () => {
    const to = newAddress();
    const event = await service.publish('user.registered', registered(to));
    const link = event.data.verification?.url ?? '';

    const email = await theEmailTo(to);
    expect(email).toMatchObject({ to, eventId: event.id, eventType: 'user.registered', attempts: 1 });
    expect(email.subject).toBe('Confirmez votre adresse courriel | Confirm your email address');
    expect(email.sentAt).not.toBeNull();
    expect(email.text.indexOf('Bonjour Alice Tremblay')).toBeLessThan(email.text.indexOf('Hello Alice'));
    expect(email.text).toContain(link);
    expect(email.html).toContain(`href="${link}"`);
    expect(email.html).toContain('<div lang="fr">');
    expect(email.html).toContain('<div lang="en">');
  });

  it('makes one email of an event delivered twice', async () => {
    const to = newAddress();
    const event = await service.publish('user.registered', registered(to));
    await service.bus.publish([event, event]);
    // A later event to someone else: once it is mailed, the redeliveries have long been taken.
    const marker = newAddress('marker');
    await service.publish('user.registered', registered(marker));
    await theEmailTo(marker);
    await new Promise((resolve) => setTimeout(resolve, 300));

    await theEmailTo(to);
    expect(await service.stored(to)).toHaveLength(1);
  });

  it('sends nothing for an account an admin created already verified (verification: null)', async () => {
    const to = newAddress('verified');
    const event = await service.publish('user.registered', registered(to, { verification: null }));
    await waitFor(async () => expect(await service.handled(event.id)).toBe(true));
    expect((await service.mailbox(to)).items).toEqual([]);
  });

  it('mails a fresh link when the user asks for one (user.verification_requested)', async () => {
    const to = newAddress();
    const event = await service.publish('user.verification_requested', verificationRequested(to));
    const email = await theEmailTo(to);
    expect(email.subject).toBe('Votre nouveau lien de confirmation | Your new confirmation link');
    expect(email.text).toContain(event.data.verification.url);
  });

  it('shows a display name full of markup as text in the HTML part, and as is in the text part', async () => {
    const to = newAddress();
    const displayName = '<img src=x onerror="alert(1)"> & Cie';
    await service.publish('user.registered', registered(to, { displayName }));
    const email = await theEmailTo(to);
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('Bonjour &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Cie,');
    expect(email.text).toContain(`Bonjour ${displayName},`);
  });

  it('refuses a link that is not http(s): no email, the event goes to the dead-letter queue', async () => {
    const to = newAddress('mallory');
    const payload = registered(to);
    const event = await service.publish('user.registered', {
      ...payload,
      verification: { url: 'javascript:alert(1)', expiresAt: payload.verification?.expiresAt ?? '' },
    });
    await vi.waitFor(
      async () => {
        const dead = await service.bus.deadLetters('notifications.emails');
        expect(dead.map((d) => d.event.id)).toContain(event.id);
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(await service.stored(to)).toEqual([]);
  });

  it('lists newest first, a page at a time, and filters by recipient in any case', async () => {
    const to = newAddress('pages');
    for (let i = 0; i < 3; i++) {
      await service.publish('user.verification_requested', verificationRequested(to));
      // One at a time, so the order they were queued in is the order they were published in.
      await waitFor(async () => expect((await service.stored(to)).length).toBe(i + 1));
    }
    const all = (await service.stored(to)).map((row) => row.id);
    const first = await service.mailbox(to.toUpperCase(), '&limit=2');
    expect(first.items.map((e) => e.id)).toEqual([all[2], all[1]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await service.mailbox(to, `&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((e) => e.id)).toEqual([all[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it('answers a problem for an unknown email (404) and for a cursor it never gave out (400)', async () => {
    const missing = await service.app.inject({
      method: 'GET',
      url: '/mailbox/eml_01JD3Z8Q5V7W4X9Y2B6C0N1M3K',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ code: 'NOTIFICATIONS_EMAIL_NOT_FOUND' });
    const badCursor = await service.app.inject({ method: 'GET', url: '/mailbox?cursor=bm90LWEtY3Vyc29y' });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json()).toMatchObject({ code: 'NOTIFICATIONS_INVALID_CURSOR' });
  });

  it('keeps mailbox answers out of shared caches: they carry single-use links', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/mailbox' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('counts sent emails and shows the pending backlog in /metrics', async () => {
    const metrics = await service.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/^emails_sent_total\{transport="mailbox",service="notifications"\} [1-9]/m);
    expect(metrics.body).toMatch(/^emails_pending\{service="notifications"\} 0$/m);
    expect(metrics.body).toMatch(/^emails_failed_total\{service="notifications"\} 0$/m);
  });

  it('is described in a valid OpenAPI 3.1 document', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/mailbox', '/mailbox/{id}']));
    expect(doc.paths['/mailbox'].get.operationId).toBe('listMailbox');
    expect(doc.paths['/mailbox/{id}'].get.operationId).toBe('getMailboxEmail');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
  });

  it('forgets sent and failed emails past their retention, never a pending one', async () => {
    const to = newAddress('old');
    for (const status of ['sent', 'failed', 'pending']) {
      await service.db.query(
        // next_attempt_at far ahead: the sender must leave the pending one pending.
        `insert into emails (id, event_id, event_type, to_address, subject, text_body, html_body, status,
                             created_at, next_attempt_at)
         values ($1, $2, 'user.registered', $3, 's', 't', 'h', $4, now() - interval '31 days', now() + interval '1 day')`,
        [`eml_OLD${status.toUpperCase().padEnd(23, '0')}`, `evt_old_${status}`, to, status],
      );
    }
    await forgetOldRecords(service.db, 30 * 86_400_000);
    expect((await service.stored(to)).map((row) => row.status)).toEqual(['pending']);
  });
});
