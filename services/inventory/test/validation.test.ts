import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startInventory, type TestInventory } from './inventory.fixture.ts';

let inventory: TestInventory;
let store: string;
let sku: string;

beforeAll(async () => {
  inventory = await startInventory();
  store = (await inventory.store()).id;
  sku = await inventory.product();
}, START_TIMEOUT_MS);
afterAll(() => inventory?.close());

const post = async (url: string, payload: unknown, headers: Record<string, string> = {}) => {
  const response = await inventory.app.inject({
    method: 'POST',
    url,
    headers: { ...inventory.admin, ...headers },
    payload: payload as object,
  });
  return { status: response.statusCode, type: response.headers['content-type'], body: response.json() };
};
const pointers = (body: { errors?: { pointer: string }[] }) => (body.errors ?? []).map((e) => e.pointer);

describe('bad input is refused with a problem naming the field', () => {
  it.each([
    [
      'a quantity with decimals',
      { kind: 'receive', sku: 'X', locationId: 'loc_online', quantity: 1.5 },
      '/body/quantity',
    ],
    [
      'a zero quantity',
      { kind: 'receive', sku: 'X', locationId: 'loc_online', quantity: 0 },
      '/body/quantity',
    ],
    [
      'a quantity given as text',
      { kind: 'receive', sku: 'X', locationId: 'loc_online', quantity: '3' },
      '/body/quantity',
    ],
    [
      'a malformed location',
      { kind: 'receive', sku: 'X', locationId: 'store-1', quantity: 1 },
      '/body/locationId',
    ],
    ['an unknown kind', { kind: 'steal', sku: 'X', locationId: 'loc_online', quantity: 1 }, '/body/kind'],
    [
      'an adjustment of zero',
      { kind: 'adjust', sku: 'X', locationId: 'loc_online', quantity: 0, reason: 'x' },
      '/body/quantity',
    ],
    [
      'a blank reason',
      { kind: 'count', sku: 'X', locationId: 'loc_online', counted: 1, reason: '  ' },
      '/body/reason',
    ],
    [
      'an unknown field',
      { kind: 'receive', sku: 'X', locationId: 'loc_online', quantity: 1, colour: 'red' },
      '/body/colour',
    ],
  ])('%s → 400', async (_case, payload, pointer) => {
    const { status, type, body } = await post('/movements', payload);
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    expect(pointers(body)).toContain(pointer);
  });

  it('a transfer to where it comes from → 400', async () => {
    const { status, body } = await post('/movements', {
      kind: 'transfer',
      sku,
      fromLocationId: store,
      toLocationId: store,
      quantity: 1,
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'INVENTORY_SAME_LOCATION' });
  });

  it('a location that does not exist → 422 naming the field', async () => {
    const { status, body } = await post('/movements', {
      kind: 'receive',
      sku,
      locationId: 'loc_01JD3Z8Q5V7W4X9Y2B6C0N1M3K',
      quantity: 1,
    });
    expect(status).toBe(422);
    expect(body).toMatchObject({
      code: 'INVENTORY_UNKNOWN_LOCATION',
      errors: [{ pointer: '/body/locationId' }],
    });
  });

  it('a sale naming one sku on two lines → 400; an empty sale → 400', async () => {
    const key = { 'idempotency-key': `val-${Date.now()}` };
    const lines = [
      { sku, quantity: 1 },
      { sku, quantity: 2 },
    ];
    const twice = await post('/sale-movements', { saleId: 'sal_1', locationId: store, lines }, key);
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({
      code: 'INVENTORY_DUPLICATE_LINE',
      errors: [{ pointer: '/body/lines/1/sku' }],
    });
    const empty = await post('/sale-movements', { saleId: 'sal_2', locationId: store, lines: [] }, key);
    expect(empty.status).toBe(400);
  });

  it('a store location without its store, or a warehouse with one → 400', async () => {
    expect((await post('/locations', { type: 'store', name: 'Sans magasin' })).body).toMatchObject({
      code: 'INVENTORY_STORE_ID_MISMATCH',
    });
    expect((await post('/locations', { type: 'warehouse', name: 'Entrepôt', storeId: 'sto_x' })).status).toBe(
      400,
    );
  });

  it('a reservation held too long → 400', async () => {
    const { status, body } = await post('/reservations', {
      orderId: 'ord_long',
      locationId: 'loc_online',
      lines: [{ sku, quantity: 1 }],
      ttlSeconds: 999_999,
    });
    expect(status).toBe(400);
    expect(pointers(body)).toContain('/body/ttlSeconds');
  });

  it('list queries out of bounds or tampered cursors → 400, never 500', async () => {
    for (const query of [
      'limit=0',
      'limit=101',
      'location=nowhere',
      'sku=%20bad',
      'colour=red',
      'cursor=%%%',
    ]) {
      const response = await inventory.app.inject({ method: 'GET', url: `/stock?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type'], query).toContain('application/problem+json');
    }
    const forged = Buffer.from(
      JSON.stringify({ s: "x'; drop table stock_level;--", l: 'loc_online' }),
    ).toString('base64url');
    const response = await inventory.app.inject({ method: 'GET', url: `/stock?cursor=${forged}` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVENTORY_INVALID_CURSOR' });
  });

  it('an unknown sku read → 404 problem', async () => {
    const response = await inventory.app.inject({ method: 'GET', url: '/stock/NOPE-404' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'INVENTORY_SKU_NOT_FOUND' });
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, and every write says it takes a bearer token', async () => {
    const doc = (await inventory.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    type Operation = { operationId: string; security?: unknown };
    const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(
      ([, methods]) => Object.entries(methods),
    );
    for (const [method, operation] of operations) {
      const expected =
        method === 'get' && !/Reservation|Reconciliation/.test(operation.operationId)
          ? undefined
          : [{ bearerAuth: [] }];
      expect(operation.security, operation.operationId).toEqual(expected);
    }
    expect(operations.map(([, op]) => op.operationId).sort()).toEqual([
      'commitReservation',
      'getReservation',
      'getSkuStock',
      'listLocations',
      'listReconciliations',
      'listStock',
      'receiveDelivery',
      'recordMovement',
      'recordOfflineSaleStock',
      'releaseReservation',
      'reserveStock',
      'resolveReconciliation',
      'returnSaleStock',
      'saveLocation',
      'setThreshold',
      'takeSaleStock',
    ]);
  });
});
