/** What `npm start` and `npm run start:services` hand identity and ordering so ordering can act as itself. */
import { describe, expect, it } from 'vitest';
import { launchCredentials } from '../scripts/service-credentials.ts';
import { parseServiceClients } from '../services/identity/src/config.ts';

describe('the launchers’ machine credentials', () => {
  it('give identity the ordering client with a fresh random secret each run, and ordering the same secret', () => {
    const first = launchCredentials({});
    const second = launchCredentials({});
    const [client] = parseServiceClients(first.identity.IDENTITY_SERVICE_CLIENTS);
    expect(client).toEqual({
      clientId: 'ordering',
      secret: first.services.ORDERING_CLIENT_SECRET,
      scopes: ['stock:write', 'payments:write', 'payments:read'],
    });
    expect(first.services).toMatchObject({
      ORDERING_CLIENT_ID: 'ordering',
      ORDERING_TOKEN_URL: 'http://127.0.0.1:8102/oauth/token',
    });
    expect(first.services.ORDERING_CLIENT_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.services.ORDERING_CLIENT_SECRET).not.toBe(first.services.ORDERING_CLIENT_SECRET);
  });

  it('keep what the user set, and make the rest agree with it', () => {
    const secret = 'a-secret-the-operator-chose-of-40-chars!!';
    const fromSecret = launchCredentials({
      ORDERING_CLIENT_SECRET: secret,
      ORDERING_TOKEN_URL: 'http://id:1/oauth/token',
    });
    expect(parseServiceClients(fromSecret.identity.IDENTITY_SERVICE_CLIENTS)[0]?.secret).toBe(secret);
    expect(fromSecret.services.ORDERING_TOKEN_URL).toBe('http://id:1/oauth/token');

    const clients = `reporting=${'r'.repeat(40)}@payments:read;ordering=${secret}@stock:write`;
    const fromList = launchCredentials({ IDENTITY_SERVICE_CLIENTS: clients });
    expect(fromList.identity.IDENTITY_SERVICE_CLIENTS).toBe(clients);
    expect(fromList.services.ORDERING_CLIENT_SECRET).toBe(secret);
  });
});
