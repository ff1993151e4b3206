import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { testAuth } from '../src/testing/auth.ts';

describe('testAuth', () => {
  it("its tokens pass its verifier and say who the caller is, shaped like identity's", async () => {
    const auth = await testAuth();
    const token = await auth.tokenFor({ subject: 'usr_jeanne', roles: ['cashier'], storeIds: ['sto_1'] });

    expect(await auth.verifier.verify(token)).toEqual({
      subject: 'usr_jeanne',
      kind: 'user',
      roles: ['cashier'],
      storeIds: ['sto_1'],
      scopes: [],
    });
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'EdDSA',
      typ: 'at+jwt',
      kid: auth.jwks.keys[0]?.kid,
    });
    expect(decodeJwt(token)).toMatchObject({
      iss: 'comptoir-identity',
      aud: 'comptoir',
      jti: expect.any(String),
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect(auth.jwks.keys[0]).not.toHaveProperty('d');
  });

  it('headersFor gives a bearer header; scopes and session travel as identity sends them', async () => {
    const auth = await testAuth();
    const { authorization } = await auth.headersFor({
      kind: 'client',
      roles: ['admin'],
      scopes: ['catalog:write', 'catalog:read'],
      sessionId: 'ses_1',
    });
    expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const principal = await auth.verifier.verify(authorization.slice('Bearer '.length));
    expect(principal).toMatchObject({
      subject: 'usr_test',
      kind: 'client',
      scopes: ['catalog:write', 'catalog:read'],
      sessionId: 'ses_1',
    });
  });

  it('an expired token, or one signed by another key, is refused', async () => {
    const auth = await testAuth();
    const expired = await auth.tokenFor({ roles: ['admin'] }, { expiresInSeconds: -60 });
    await expect(auth.verifier.verify(expired)).rejects.toMatchObject({
      code: 'AUTH_INVALID_TOKEN',
      message: expect.stringContaining('expired'),
    });

    const stranger = await (await testAuth()).tokenFor({ roles: ['admin'] });
    await expect(auth.verifier.verify(stranger)).rejects.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
  });
});
