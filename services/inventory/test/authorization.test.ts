import type { Location } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startInventory, type TestInventory } from './inventory.fixture.ts';

let inventory: TestInventory;
let storeA: Location;
let storeB: Location;
let sku: string;
type Headers = { authorization: string };
let managerA: Headers;
let cashierA: Headers;
let stores: Headers;

beforeAll(async () => {
  inventory = await startInventory();
  [storeA, storeB] = [await inventory.store(), await inventory.store()];
  sku = await inventory.product();
  for (const location of [storeA.id, storeB.id, 'loc_online']) await inventory.receive(sku, location, 100);
  const storeIds = [storeA.storeId ?? ''];
  managerA = await inventory.auth.headersFor({
    subject: 'usr_manager_a',
    roles: ['store_manager'],
    storeIds,
  });
  cashierA = await inventory.auth.headersFor({ subject: 'usr_cashier_a', roles: ['cashier'], storeIds });
  stores = await inventory.auth.headersFor({
    subject: 'cli_stores',
    kind: 'client',
    roles: [],
    scopes: ['stock:write'],
  });
}, START_TIMEOUT_MS);
afterAll(() => inventory?.close());

let keys = 0;
const post = (url: string, headers: Partial<Headers>, payload: object) =>
  inventory.app.inject({
    method: 'POST',
    url,
    headers: { ...headers, 'idempotency-key': `auth-${++keys}` },
    payload,
  });
const receiveAt = (locationId: string, headers: Partial<Headers>) =>
  post('/movements', headers, { kind: 'receive', sku, locationId, quantity: 1 });
const sellAt = (locationId: string, headers: Partial<Headers>) =>
  post('/sale-movements', headers, { saleId: `sal_auth_${keys}`, locationId, lines: [{ sku, quantity: 1 }] });

describe('a store manager moves stock only at its own stores', () => {
  it('a manager of store A receives at A, and gets 403 at store B or the online warehouse; nothing moves there', async () => {
    expect((await receiveAt(storeA.id, managerA)).statusCode).toBe(201);
    for (const location of [storeB.id, 'loc_online']) {
      const refused = await receiveAt(location, managerA);
      expect(refused.statusCode, location).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'INVENTORY_NOT_YOUR_LOCATION' });
      expect((await inventory.level(sku, location)).onHand).toBe(100);
    }
  });

  it('a transfer needs both ends: A to B is refused for a manager of A alone', async () => {
    const refused = await post('/movements', managerA, {
      kind: 'transfer',
      sku,
      fromLocationId: storeA.id,
      toLocationId: storeB.id,
      quantity: 1,
    });
    expect(refused.statusCode).toBe(403);
  });

  it('thresholds follow the same rule', async () => {
    const put = (locationId: string) =>
      inventory.app.inject({
        method: 'PUT',
        url: '/thresholds',
        headers: managerA,
        payload: { sku, locationId, threshold: 3 },
      });
    expect((await put(storeA.id)).statusCode).toBe(200);
    expect((await put(storeB.id)).statusCode).toBe(403);
  });
});

describe('a cashier sells at its own store and does nothing else', () => {
  it('sells at A; is refused at B, and refused any receipt', async () => {
    expect((await sellAt(storeA.id, cashierA)).statusCode).toBe(201);
    expect((await sellAt(storeB.id, cashierA)).statusCode).toBe(403);
    expect((await receiveAt(storeA.id, cashierA)).statusCode).toBe(403);
  });
});

describe('reservations and locations belong to head office and the platform’s services', () => {
  it('a store manager or a client without stock:write may not reserve; ordering’s client may', async () => {
    const request = { locationId: 'loc_online', lines: [{ sku, quantity: 1 }] };
    const plainClient = await inventory.auth.headersFor({
      kind: 'client',
      roles: [],
      scopes: ['stock:read'],
    });
    for (const headers of [managerA, plainClient]) {
      const refused = await post('/reservations', headers, { ...request, orderId: `ord_auth_${keys}` });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'INVENTORY_HEAD_OFFICE_ONLY' });
    }
    expect(
      (await post('/reservations', stores, { ...request, orderId: `ord_auth_${keys}` })).statusCode,
    ).toBe(201);
  });

  it('the stores service creates a store’s location, and asking again answers the same one', async () => {
    const payload = { type: 'store', name: 'Magasin Mile End', storeId: 'sto_mile_end' };
    const first = await post('/locations', stores, payload);
    expect(first.statusCode).toBe(201);
    const again = await post('/locations', stores, { ...payload, name: 'Mile End' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, name: 'Mile End', storeId: 'sto_mile_end' });
    expect((await post('/locations', managerA, payload)).statusCode).toBe(403);
  });
});

describe('writes need a token; availability reads do not', () => {
  it('every write without a token → 401 problem; the reads answer anyone', async () => {
    const writes = [
      receiveAt(storeA.id, {}),
      sellAt(storeA.id, {}),
      post(
        '/reservations',
        {},
        { orderId: 'ord_anon', locationId: 'loc_online', lines: [{ sku, quantity: 1 }] },
      ),
      post('/locations', {}, { type: 'warehouse', name: 'Anonyme' }),
      inventory.app.inject({
        method: 'PUT',
        url: '/thresholds',
        payload: { sku, locationId: storeA.id, threshold: 1 },
      }),
    ];
    for (const response of await Promise.all(writes)) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    for (const url of ['/locations', `/stock?sku=${sku}`, `/stock/${sku}`]) {
      expect((await inventory.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
  });

  it('a customer or a seller cannot move stock anywhere', async () => {
    for (const roles of [['customer'], ['seller']] as const) {
      const headers = await inventory.auth.headersFor({
        roles: [...roles],
        storeIds: [storeA.storeId ?? ''],
      });
      expect((await receiveAt(storeA.id, headers)).statusCode).toBe(403);
      expect((await sellAt(storeA.id, headers)).statusCode).toBe(403);
    }
  });
});
