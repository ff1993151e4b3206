/**
 * A service calling another as itself, as ordering's saga workers do with no user's token to
 * forward: identity creates the `ordering` client from IDENTITY_SERVICE_CLIENTS, the kit's
 * clientCredentials() fetches its token from identity's token endpoint over HTTP, and inventory —
 * verifying tokens against identity's JWKS, as deployed — lets it hold stock at the online
 * location, which only head office and the platform's services may touch.
 */
import { randomBytes } from 'node:crypto';
import { identity } from '@comptoir/identity';
import { inventory } from '@comptoir/inventory';
import {
  type BuiltService,
  buildService,
  clientCredentials,
  createEvent,
  type ServiceDefinition,
  type TProperties,
} from '@comptoir/platform';
import { testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/platform.ts';

const secret = () => randomBytes(32).toString('base64url');
const ORDERING_SECRET = secret();
const REPORTING_SECRET = secret();
const ONLINE = 'loc_online';
const sku = `SVC-${Date.now().toString(36).toUpperCase()}`;

const running: BuiltService[] = [];
const closers: Array<() => Promise<void>> = [];
let identityUrl: string;
let inventoryUrl: string;
let tokenUrl: string;

beforeAll(async () => {
  const bus = await testBus();
  closers.push(() => bus.close());
  const base = { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' };
  async function start<P extends TProperties>(
    definition: ServiceDefinition<P>,
    env: Record<string, string | undefined>,
  ) {
    const db = await testDatabase(definition.name);
    const cache = await testCache(definition.name);
    closers.push(
      () => db.close(),
      () => cache.close(),
    );
    const service = await buildService(definition, { env, db, cache, bus });
    running.push(service);
    return { url: await service.listen(), db };
  }
  identityUrl = (
    await start(identity, {
      ...base,
      IDENTITY_SERVICE_CLIENTS:
        `ordering=${ORDERING_SECRET}@stock:write payments:write payments:read;` +
        `reporting=${REPORTING_SECRET}@payments:read`,
    })
  ).url;
  tokenUrl = `${identityUrl}/oauth/token`;
  const started = await start(inventory, {
    ...base,
    COMPTOIR_JWKS_URL: `${identityUrl}/.well-known/jwks.json`,
  });
  inventoryUrl = started.url;

  // The catalog announces the product, as its outbox would; inventory learns the sku from it.
  const at = new Date().toISOString();
  const productId = 'prod_01JD3Z8Q5V7W4X9Y2B6C0SVC01';
  await bus.publish([
    createEvent({
      type: 'product.created',
      source: '/comptoir/catalog',
      subject: productId,
      data: {
        product: {
          id: productId,
          sku,
          name: 'Fauteuil club',
          description: '',
          price: { amount: 49_900, currency: 'CAD' },
          categoryId: 'cat_01JD3Z8Q5V7W4X9Y2B6C0N1M3K',
          sellerId: null,
          active: true,
          version: 1,
          createdAt: at,
          updatedAt: at,
        },
      },
    }),
  ]);
  await eventually(async () => {
    const { rows } = await started.db.query('select 1 from sku where sku = $1 and active', [sku]);
    return rows.length > 0 ? true : undefined;
  });
}, 180_000);

afterAll(async () => {
  for (const service of running.reverse()) await service.close();
  for (const close of closers.reverse()) await close();
});

const post = (path: string, body: unknown, authorization?: string) =>
  fetch(`${inventoryUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });

describe('a platform service calls another as itself', () => {
  it('ordering, with its own token from identity, receives stock and reserves an online order (head office only)', async () => {
    const ordering = clientCredentials({ tokenUrl, clientId: 'ordering', clientSecret: ORDERING_SECRET });
    const authorization = await ordering.header();
    expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);

    const received = await post(
      '/movements',
      { kind: 'receive', sku, locationId: ONLINE, quantity: 5 },
      authorization,
    );
    expect(received.status).toBe(201);

    const orderId = `ord_svc_${Date.now()}`;
    const held = await post(
      '/reservations',
      { orderId, locationId: ONLINE, lines: [{ sku, quantity: 2 }] },
      await ordering.header(),
    );
    expect(held.status).toBe(201);
    expect(await held.json()).toMatchObject({ orderId, status: 'active', locationId: ONLINE });
  });

  it('a service client without stock:write is refused the reservation (403), and no token at all is a 401', async () => {
    const reporting = clientCredentials({ tokenUrl, clientId: 'reporting', clientSecret: REPORTING_SECRET });
    const body = { orderId: `ord_svc_ro_${Date.now()}`, locationId: ONLINE, lines: [{ sku, quantity: 1 }] };
    expect((await post('/reservations', body, await reporting.header())).status).toBe(403);
    expect((await post('/reservations', body)).status).toBe(401);
  });

  it('a wrong secret gets no token: identity answers 401 invalid_client, and the kit rejects', async () => {
    const direct = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'ordering',
        client_secret: secret(),
      }).toString(),
    });
    expect(direct.status).toBe(401);
    expect(await direct.json()).toMatchObject({ error: 'invalid_client' });

    const impostor = clientCredentials({ tokenUrl, clientId: 'ordering', clientSecret: secret() });
    await expect(impostor.header()).rejects.toThrow(/401: invalid_client/);
  });
});
