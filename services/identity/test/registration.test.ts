import type { UserRegistered, VerificationRequested } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startIdentity, type TestIdentity } from './identity.fixture.ts';

let identity: TestIdentity;
beforeAll(async () => {
  identity = await startIdentity();
});
afterAll(() => identity?.close());

const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

async function signUp(email: string, password = PASSWORD) {
  const response = await identity.call('POST', '/users', {
    body: { email, password, displayName: 'Alice Tremblay' },
  });
  return response;
}

describe('signing up and verifying the email address', () => {
  let email: string;
  let link: string;

  it('creates a customer pending verification and emails a link through user.registered', async () => {
    email = `alice-${Date.now()}@example.test`;
    const response = await signUp(email.toUpperCase());
    expect(response.statusCode).toBe(201);
    const user = response.json();
    expect(user).toMatchObject({
      email,
      displayName: 'Alice Tremblay',
      roles: ['customer'],
      emailVerified: false,
    });
    expect(JSON.stringify(user)).not.toMatch(/password|argon/i);

    const event = await identity.event<UserRegistered>('user.registered', (d) => d.userId === user.id);
    expect(event.subject).toBe(user.id);
    expect(event.data).toMatchObject({ email, displayName: 'Alice Tremblay', roles: ['customer'] });
    link = event.data.verification?.url ?? '';
    expect(link).toMatch(/^http:\/\/localhost:8080\/verify\?token=[A-Za-z0-9_-]{43}$/);
    const expiresIn = Date.parse(event.data.verification?.expiresAt ?? '') - Date.now();
    expect(expiresIn).toBeGreaterThan(23.9 * 3600_000);
    expect(expiresIn).toBeLessThanOrEqual(24 * 3600_000);
  });

  it('keeps only a digest of the verification token', async () => {
    const { rows } = await identity.db.query<{ token_hash: string }>(
      'select token_hash from email_verification',
    );
    expect(rows.map((r) => r.token_hash)).not.toContain(tokenOf(link));
  });

  it('refuses to sign in before the address is verified, with a problem saying why', async () => {
    const response = await identity.call('POST', '/sessions', { body: { email, password: PASSWORD } });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'IDENTITY_EMAIL_NOT_VERIFIED', status: 403 });
  });

  it('verifies with the token from the link, publishes user.verified, and sign-in then works', async () => {
    const response = await identity.call('POST', '/verifications', { body: { token: tokenOf(link) } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ email, emailVerified: true });
    await identity.event<{ email: string }>('user.verified', (d) => d.email === email);
    const tokens = await identity.signIn(email);
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
  });

  it('accepts a verification token only once', async () => {
    const again = await identity.call('POST', '/verifications', { body: { token: tokenOf(link) } });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'IDENTITY_VERIFICATION_TOKEN_INVALID' });
  });

  it('refuses an expired verification token and lets the user ask for a new one', async () => {
    const late = `late-${Date.now()}@example.test`;
    const user = (await signUp(late)).json();
    const first = await identity.event<UserRegistered>('user.registered', (d) => d.userId === user.id);
    await identity.db.query(
      "update email_verification set created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour' where user_id = $1",
      [user.id],
    );
    const expired = await identity.call('POST', '/verifications', {
      body: { token: tokenOf(first.data.verification?.url ?? '') },
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toMatchObject({ code: 'IDENTITY_VERIFICATION_TOKEN_EXPIRED' });

    const resent = await identity.call('POST', '/verifications/resend', { body: { email: late } });
    expect(resent.statusCode).toBe(202);
    const next = await identity.event<VerificationRequested>(
      'user.verification_requested',
      (d) => d.userId === user.id,
    );
    const verified = await identity.call('POST', '/verifications', {
      body: { token: tokenOf(next.data.verification.url) },
    });
    expect(verified.statusCode).toBe(200);
  });

  it('throttles resending to one link a minute per account', async () => {
    const pending = `pending-${Date.now()}@example.test`;
    const user = (await signUp(pending)).json();
    await identity.event('user.registered', (d: UserRegistered) => d.userId === user.id);
    for (let i = 0; i < 3; i++) {
      expect(
        (await identity.call('POST', '/verifications/resend', { body: { email: pending } })).statusCode,
      ).toBe(202);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      identity.events.filter((e) => e.type === 'user.verification_requested' && e.subject === user.id),
    ).toHaveLength(0);
  });

  it('answers a resend for an unknown address exactly like a known one', async () => {
    const response = await identity.call('POST', '/verifications/resend', {
      body: { email: 'nobody@example.test' },
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      message: 'If an unverified account uses this address, a new link is on its way.',
    });
  });
});

describe('the password policy and sign-up rules', () => {
  it.each([
    ['too short', 'short pw', 'at least 12 characters'],
    ['a common password', 'password1234', 'most common passwords'],
    ['the email address', 'bob.martin@example.test', 'email address'],
    ['a repeated character', 'aaaaaaaaaaaaaaaa', 'single character'],
  ])('refuses %s with a 422 that says what is wrong', async (_what, password, message) => {
    const response = await signUp('bob.martin@example.test', password);
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.code).toBe('IDENTITY_WEAK_PASSWORD');
    expect(problem.errors).toEqual(
      expect.arrayContaining([{ pointer: '/body/password', detail: expect.stringContaining(message) }]),
    );
    expect(problem.detail).toContain(message);
  });

  it('refuses a second account with the same address, whatever its case', async () => {
    const email = `twice-${Date.now()}@example.test`;
    expect((await signUp(email)).statusCode).toBe(201);
    const again = await signUp(email.toUpperCase());
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'IDENTITY_EMAIL_TAKEN' });
  });

  it('lets only an admin choose roles at sign-up', async () => {
    const body = {
      email: `sneaky-${Date.now()}@example.test`,
      password: PASSWORD,
      displayName: 'Sneaky',
      roles: ['admin'],
    };
    const response = await identity.call('POST', '/users', { body });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'IDENTITY_ADMIN_ONLY_FIELDS' });
    const byAdmin = await identity.call('POST', '/users', {
      body: { ...body, emailVerified: true },
      token: await identity.admin(),
    });
    expect(byAdmin.statusCode).toBe(201);
    expect(byAdmin.json()).toMatchObject({ roles: ['admin'], emailVerified: true });
    await identity.event<UserRegistered>(
      'user.registered',
      (d) => d.userId === byAdmin.json().id && d.verification === null,
    );
  });
});
