import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, PASSWORD, startIdentity, type TestIdentity } from './identity.fixture.ts';

let identity: TestIdentity;
beforeAll(async () => {
  identity = await startIdentity();
});
afterAll(() => identity?.close());

describe('my own account', () => {
  it('shows and edits my profile, never with a password', async () => {
    const { id, token, email } = await identity.user();
    const me = await identity.call('GET', '/users/me', { token });
    expect(me.json()).toMatchObject({ id, email, roles: ['customer'], emailVerified: true, disabled: false });
    expect(me.body).not.toMatch(/password|argon/i);
    const renamed = await identity.call('PATCH', '/users/me', { token, body: { displayName: 'Alice T.' } });
    expect(renamed.json()).toMatchObject({ id, displayName: 'Alice T.' });
  });

  it('cannot raise its own roles through the profile', async () => {
    const { token } = await identity.user();
    const response = await identity.call('PATCH', '/users/me', { token, body: { roles: ['admin'] } });
    expect(response.statusCode).toBe(400);
  });

  it('changes the password with the current one, ending the other sessions but not this one', async () => {
    const { email, tokens } = await identity.user();
    const elsewhere = await identity.signIn(email);
    const wrong = await identity.call('POST', '/users/me/password', {
      token: tokens.accessToken,
      body: { currentPassword: 'not my password!', newPassword: 'a brand new passphrase' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'IDENTITY_WRONG_PASSWORD' });
    const weak = await identity.call('POST', '/users/me/password', {
      token: tokens.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors[0].pointer).toBe('/body/newPassword');
    const changed = await identity.call('POST', '/users/me/password', {
      token: tokens.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.statusCode).toBe(204);
    const refresh = (refreshToken: string) =>
      identity.call('POST', '/sessions/refresh', { body: { refreshToken } });
    expect((await refresh(elsewhere.refreshToken)).statusCode).toBe(401);
    expect((await refresh(tokens.refreshToken)).statusCode).toBe(200);
    expect(
      (await identity.call('POST', '/sessions', { body: { email, password: PASSWORD } })).statusCode,
    ).toBe(401);
    await identity.signIn(email, 'a brand new passphrase');
  });

  it('deletes my account: I can no longer sign in', async () => {
    const { email, token } = await identity.user();
    expect((await identity.call('DELETE', '/users/me', { token })).statusCode).toBe(204);
    expect(
      (await identity.call('POST', '/sessions', { body: { email, password: PASSWORD } })).statusCode,
    ).toBe(401);
  });
});

describe('another user’s account', () => {
  it('user A can neither read nor change user B', async () => {
    const a = await identity.user();
    const b = await identity.user();
    const read = await identity.call('GET', `/users/${b.id}`, { token: a.token });
    expect(read.statusCode).toBe(403);
    expect(read.json()).toMatchObject({ code: 'AUTH_FORBIDDEN' });
    const change = await identity.call('PATCH', `/users/${b.id}`, {
      token: a.token,
      body: { displayName: 'Pwned' },
    });
    expect(change.statusCode).toBe(403);
    expect((await identity.call('GET', '/users', { token: a.token })).statusCode).toBe(403);
    expect((await identity.call('GET', `/users/${a.id}`, { token: a.token })).statusCode).toBe(200);
  });

  it('needs a token at all', async () => {
    expect((await identity.call('GET', '/users/me')).statusCode).toBe(401);
  });
});

describe('account management by an admin', () => {
  it('lists and searches accounts by text and role, page by page', async () => {
    const admin = await identity.admin();
    const seller = await identity.user(['seller']);
    const byText = await identity.call('GET', `/users?q=${encodeURIComponent(seller.email.slice(0, 12))}`, {
      token: admin,
    });
    expect(byText.json().items.map((u: { id: string }) => u.id)).toContain(seller.id);
    const byRole = await identity.call('GET', '/users?role=admin', { token: admin });
    expect(byRole.json().items.map((u: { email: string }) => u.email)).toEqual([ADMIN.email]);

    const first = (await identity.call('GET', '/users?limit=2', { token: admin })).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await identity.call('GET', `/users?limit=2&cursor=${first.nextCursor}`, { token: admin })
    ).json();
    expect(second.items[0].id > first.items[1].id).toBe(true);
    expect((await identity.call('GET', '/users?cursor=tampered', { token: admin })).statusCode).toBe(400);
  });

  it('changes roles and stores; the next token carries them', async () => {
    const admin = await identity.admin();
    const user = await identity.user();
    const changed = await identity.call('PATCH', `/users/${user.id}`, {
      token: admin,
      body: { roles: ['store_manager', 'cashier'], storeIds: ['sto_2'] },
    });
    expect(changed.json()).toMatchObject({ roles: ['cashier', 'store_manager'], storeIds: ['sto_2'] });
    const next = await identity.signIn(user.email);
    const me = await identity.call('GET', `/users/${user.id}`, { token: next.accessToken });
    expect(me.json().roles).toEqual(['cashier', 'store_manager']);
  });

  it('disables an account: no sign-in, no refresh', async () => {
    const admin = await identity.admin();
    const user = await identity.user();
    const disabled = await identity.call('PATCH', `/users/${user.id}`, {
      token: admin,
      body: { disabled: true },
    });
    expect(disabled.json()).toMatchObject({ disabled: true });
    const signIn = await identity.call('POST', '/sessions', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.json()).toMatchObject({ code: 'IDENTITY_ACCOUNT_DISABLED' });
    const refresh = await identity.call('POST', '/sessions/refresh', {
      body: { refreshToken: user.tokens.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
    await identity.call('PATCH', `/users/${user.id}`, { token: admin, body: { disabled: false } });
    await identity.signIn(user.email);
  });

  it('will not let an admin lock themselves out', async () => {
    const admin = await identity.admin();
    const me = (await identity.call('GET', '/users/me', { token: admin })).json();
    const response = await identity.call('PATCH', `/users/${me.id}`, {
      token: admin,
      body: { roles: ['customer'] },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'IDENTITY_SELF_LOCKOUT' });
  });

  it('answers 404 for an unknown account', async () => {
    const response = await identity.call('GET', '/users/usr_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', {
      token: await identity.admin(),
    });
    expect(response.statusCode).toBe(404);
  });
});
