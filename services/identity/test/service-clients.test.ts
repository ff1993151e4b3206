import { randomBytes } from 'node:crypto';
import { type BuiltService, buildService, ConfigError } from '@comptoir/platform';
import { testCache } from '@comptoir/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identity as identityService } from '../src/app.ts';
import { parseServiceClients } from '../src/config.ts';
import { claimsOf, startIdentity, type TestIdentity } from './identity.fixture.ts';

const secret = () => randomBytes(32).toString('base64url');
const ORDERING_SCOPES = 'stock:write payments:write payments:read';

let identity: TestIdentity;
let cache: Awaited<ReturnType<typeof testCache>>;
const firstSecret = secret();
const reportingSecret = secret();
const restarted: BuiltService[] = [];

beforeAll(async () => {
  identity = await startIdentity({
    IDENTITY_SERVICE_CLIENTS: `ordering=${firstSecret}@${ORDERING_SCOPES}; reporting=${reportingSecret}@payments:read`,
  });
  cache = await testCache('identity-restart');
});
afterAll(async () => {
  for (const service of restarted) await service.close();
  await cache?.close();
  await identity?.close();
});

/** identity started again on the same database, as after a deployment, with these service clients. */
async function restart(clients: string): Promise<BuiltService> {
  const service = await buildService(identityService, {
    env: { ...process.env, LOG_LEVEL: 'silent', IDENTITY_SERVICE_CLIENTS: clients },
    db: identity.db,
    cache,
    bus: identity.bus,
  });
  await service.app.ready();
  restarted.push(service);
  return service;
}

/** A client-credentials token request on `app`, authenticated in the form body. */
const token = (
  app: BuiltService['app'] | TestIdentity['app'],
  id: string,
  clientSecret: string,
  scope?: string,
) =>
  app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: id,
      client_secret: clientSecret,
      ...(scope ? { scope } : {}),
    }).toString(),
  });

describe('service clients from IDENTITY_SERVICE_CLIENTS', () => {
  it('exist from the start: ordering gets a token as itself, with its scopes and no role', async () => {
    const response = await token(identity.app, 'ordering', firstSecret);
    expect(response.statusCode).toBe(200);
    expect(response.json().scope).toBe(ORDERING_SCOPES);
    expect(claimsOf(response.json().access_token)).toMatchObject({
      sub: 'ordering',
      client_id: 'ordering',
      kind: 'client',
      roles: [],
      scope: ORDERING_SCOPES,
    });
  });

  it('are listed to the admin like any client, created by the system, and keep only a digest of the secret', async () => {
    const listed = await identity.call('GET', '/oauth/clients', { token: await identity.admin() });
    const items = listed.json().items as Array<{ clientId: string; scopes: string[]; createdBy: string }>;
    expect(items.find((c) => c.clientId === 'ordering')).toMatchObject({
      scopes: ORDERING_SCOPES.split(' '),
      createdBy: 'system',
      revokedAt: null,
    });
    expect(items.find((c) => c.clientId === 'reporting')).toMatchObject({ scopes: ['payments:read'] });
    const { rows } = await identity.db.query('select t::text as row from oauth_client t');
    expect(JSON.stringify(rows)).not.toContain(firstSecret);
  });

  it('refuse a wrong secret and a scope they were not given', async () => {
    expect((await token(identity.app, 'ordering', secret())).statusCode).toBe(401);
    expect((await token(identity.app, 'reporting', reportingSecret)).statusCode).toBe(200);
    const beyond = await token(identity.app, 'reporting', reportingSecret, 'stock:write');
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().error).toBe('invalid_scope');
  });

  it('take a new secret and new scopes at a restart; the old secret stops working', async () => {
    const rotated = secret();
    const again = await restart(`ordering=${rotated}@stock:write payments:write`);
    expect((await token(again.app, 'ordering', firstSecret)).json().error).toBe('invalid_client');
    const fresh = await token(again.app, 'ordering', rotated);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().scope).toBe('stock:write payments:write');
    expect((await token(again.app, 'ordering', rotated, 'payments:read')).json().error).toBe('invalid_scope');
    // Restarting with the same settings changes nothing and fails nothing.
    const same = await restart(`ordering=${rotated}@stock:write payments:write`);
    expect((await token(same.app, 'ordering', rotated)).statusCode).toBe(200);
  });

  it('start on two replicas at once without tripping over each other', async () => {
    const shared = secret();
    const clients = `ordering=${shared}@${ORDERING_SCOPES};stores=${secret()}@stock:write`;
    const [a, b] = await Promise.all([restart(clients), restart(clients)]);
    for (const app of [a?.app, b?.app]) {
      if (!app) throw new Error('a replica did not start');
      expect((await token(app, 'ordering', shared)).statusCode).toBe(200);
    }
  });

  it('stay revoked when an admin revoked them and they restart with the same secret; a new secret restores them', async () => {
    const leaked = secret();
    const before = await restart(`ordering=${leaked}@${ORDERING_SCOPES}`);
    const revoked = await identity.call('DELETE', '/oauth/clients/ordering', {
      token: await identity.admin(),
    });
    expect(revoked.statusCode).toBe(204);
    expect((await token(before.app, 'ordering', leaked)).statusCode).toBe(401);

    const sameSecret = await restart(`ordering=${leaked}@${ORDERING_SCOPES}`);
    expect((await token(sameSecret.app, 'ordering', leaked)).statusCode).toBe(401);

    const replaced = secret();
    const restored = await restart(`ordering=${replaced}@${ORDERING_SCOPES}`);
    expect((await token(restored.app, 'ordering', replaced)).statusCode).toBe(200);
  });

  it('refuse to start on a malformed list, naming the entry but never its secret', async () => {
    const hidden = secret();
    await expect(restart(`ordering=${hidden}@stock:write;reporting=short@payments:read`)).rejects.toThrow(
      ConfigError,
    );
    await expect(restart(`ordering=${hidden}@stock:write;reporting=short@payments:read`)).rejects.toThrow(
      /entry 2 \(reporting\): the secret must be 32/,
    );
  });
});

describe('the IDENTITY_SERVICE_CLIENTS syntax', () => {
  const s = 'S'.repeat(40);

  it('reads entries separated by ";", scopes by spaces or commas, and ignores blank entries', () => {
    expect(
      parseServiceClients(`ordering=${s}@stock:write payments:write ; reporting=${s}==@a:b,c.d;`),
    ).toEqual([
      { clientId: 'ordering', secret: s, scopes: ['stock:write', 'payments:write'] },
      { clientId: 'reporting', secret: `${s}==`, scopes: ['a:b', 'c.d'] },
    ]);
    expect(parseServiceClients(undefined)).toEqual([]);
    expect(parseServiceClients('  ')).toEqual([]);
  });

  it.each([
    ['ordering', 'expected <id>=<secret>@<scope>'],
    [`ordering=${s}`, 'expected <id>=<secret>@<scope>'],
    [`Ordering=${s}@stock:write`, 'entry 1 (bad id): the id must be'],
    [`cli_01=${s}@stock:write`, 'entry 1 (bad id): the id must be'],
    [`ordering=${s}@`, 'entry 1 (ordering): give 1 to 32 scopes'],
    [`ordering=${s}@Stock!`, 'entry 1 (ordering): not scopes: "Stock!"'],
    [`ordering=${s}@a;ordering=${s}@b`, 'entry 2 (ordering): "ordering" is declared twice'],
    ['ordering=tooshort@stock:write', 'entry 1 (ordering): the secret must be 32 to 512'],
  ])('refuses %s with “%s”', (text, message) => {
    expect(() => parseServiceClients(text)).toThrow(message);
  });

  it('says nothing of what follows an "@" inside a secret: that part is secret too', () => {
    const text = 'ordering=first-half-of-it@second-half-of-the-secret-value';
    let error: unknown;
    try {
      parseServiceClients(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).not.toContain('second-half');
    expect(String((error as Error).message)).not.toContain('first-half');
  });
});
