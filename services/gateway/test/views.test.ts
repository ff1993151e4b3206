import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIdentity, startFakeIdentity } from './fake-identity.ts';
import { type RunningGateway, startGateway } from './gateway.ts';

let identity: FakeIdentity;
let gw: RunningGateway;
const jeanne = {
  subject: 'usr_01JD3Z8Q5V7W4X9Y2B6C0N1M3K',
  roles: ['store_manager' as const],
  storeIds: ['sto_mtl'],
};

beforeAll(async () => {
  identity = await startFakeIdentity([]);
  gw = await startGateway({ IDENTITY_URLS: identity.url, GATEWAY_VIEW_SOURCE_TIMEOUT_MS: '500' });
});
afterAll(async () => {
  await gw?.close();
  await identity?.close();
});

async function me(headers: Record<string, string>) {
  const response = await fetch(`${gw.url}/api/views/me`, { headers });
  return { status: response.status, body: (await response.json()) as { profile: { id: string } | null } };
}

describe('GET /api/views/me', () => {
  it("assembles the caller's profile and roles from identity, asked with the caller's token", async () => {
    const headers = await gw.headersFor(jeanne);
    const { status, body } = await me(headers);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      profile: { id: jeanne.subject, displayName: 'Jeanne Tremblay', roles: ['store_manager'] },
      roles: ['store_manager'],
      storeIds: ['sto_mtl'],
      degraded: [],
    });
    expect(identity.profileCalls.at(-1)).toBe(headers.authorization);
  });

  it('answers an API key holder with the token minted for the key', async () => {
    const minted = await gw.auth.tokenFor({ ...jeanne, kind: 'api_key' });
    identity.apiKeys.set('ck_live_pos.secret', { accessToken: minted, expiresIn: 300 });
    const { status, body } = await me({ authorization: 'ApiKey ck_live_pos.secret' });
    expect(status).toBe(200);
    expect(body.profile?.id).toBe(jeanne.subject);
    expect(identity.profileCalls.at(-1)).toBe(`Bearer ${minted}`);
  });

  it('degrades to 200 with the roles of the token when identity fails, never a 500', async () => {
    identity.profileDown = true;
    try {
      const { status, body } = await me(await gw.headersFor(jeanne));
      expect(status).toBe(200);
      expect(body).toEqual({
        profile: null,
        roles: ['store_manager'],
        storeIds: ['sto_mtl'],
        degraded: ['profile'],
      });
    } finally {
      identity.profileDown = false;
    }
  });

  it('needs a signed-in caller', async () => {
    const { status } = await me({});
    expect(status).toBe(401);
  });
});

describe('GET /api/views/me with identity unreachable', () => {
  it('degrades within the source timeout', async () => {
    const lone = await startGateway({ GATEWAY_VIEW_SOURCE_TIMEOUT_MS: '300' });
    try {
      const started = Date.now();
      const response = await fetch(`${lone.url}/api/views/me`, { headers: await lone.headersFor(jeanne) });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ profile: null, degraded: ['profile'] });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await lone.close();
    }
  });
});
