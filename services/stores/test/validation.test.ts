import type { CashSession, Register, Store } from '@comptoir/contracts';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, type Headers, START_TIMEOUT_MS, startStores, type TestStores } from './stores.fixture.ts';

let stores: TestStores;
let store: Store;
let register: Register;
let session: CashSession;
let cashier: Headers;
beforeAll(async () => {
  stores = await startStores();
  store = await stores.store();
  register = await stores.register(store.id);
  cashier = await stores.staff('cashier', [store.id]);
  session = await stores.open(register.id, cashier);
}, START_TIMEOUT_MS);
afterAll(() => stores?.close());

const pointers = (problem: { errors?: { pointer: string }[] }) =>
  (problem.errors ?? []).map((e) => e.pointer);

describe('bad input is a problem naming the field, never a 500', () => {
  it.each([
    [
      'money with cents as a decimal',
      { openingFloat: { amount: 10.5, currency: 'CAD' } },
      '/body/openingFloat/amount',
    ],
    ['money as text', { openingFloat: { amount: '1000', currency: 'CAD' } }, '/body/openingFloat/amount'],
    ['a negative float', { openingFloat: { amount: -1, currency: 'CAD' } }, '/body/openingFloat/amount'],
    [
      'a lower-case currency',
      { openingFloat: { amount: 100, currency: 'cad' } },
      '/body/openingFloat/currency',
    ],
    [
      'money with an unknown field',
      { openingFloat: { amount: 100, currency: 'CAD', cents: true } },
      '/body/openingFloat/cents',
    ],
    ['an unknown field', { openingFloat: { amount: 100, currency: 'CAD' }, cashier: 'moi' }, '/body/cashier'],
    ['no float', {}, '/body/openingFloat'],
  ])('opening a session with %s → 400', async (_, payload, pointer) => {
    const response = await stores.send('POST', `/registers/${register.id}/sessions`, cashier, payload);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(pointers(response.json())).toContain(pointer);
  });

  it.each([
    [
      'a counted amount with decimals',
      { countedCash: { amount: 0.5, currency: 'CAD' } },
      '/body/countedCash/amount',
    ],
    ['an empty note', { countedCash: { amount: 0, currency: 'CAD' }, note: '' }, '/body/note'],
    ['an unknown field', { countedCash: { amount: 0, currency: 'CAD' }, expected: 0 }, '/body/expected'],
  ])('closing with %s → 400', async (_, payload, pointer) => {
    const response = await stores.send('POST', `/sessions/${session.id}/close`, cashier, payload);
    expect(response.statusCode).toBe(400);
    expect(pointers(response.json())).toContain(pointer);
  });

  it.each([
    ['a lower-case code', { code: 'mtl', name: 'X', type: 'boutique' }, '/body/code'],
    ['an unknown type', { code: 'MTL-X', name: 'X', type: 'hangar' }, '/body/type'],
    ['a blank name', { code: 'MTL-X', name: '   ', type: 'boutique' }, '/body/name'],
    [
      'a tax rate above 100 %',
      {
        code: 'MTL-X',
        name: 'X',
        type: 'boutique',
        taxes: [{ code: 'GST', label: 'TPS', ratePpm: 1_000_001 }],
      },
      '/body/taxes/0/ratePpm',
    ],
    [
      'a tax given twice',
      {
        code: 'MTL-X',
        name: 'X',
        type: 'boutique',
        taxes: [
          { code: 'GST', label: 'TPS', ratePpm: 5 },
          { code: 'GST', label: 'TPS', ratePpm: 5 },
        ],
      },
      '/body/taxes/1/code',
    ],
    ['an id of its own', { id: 'sto_1', code: 'MTL-X', name: 'X', type: 'boutique' }, '/body/id'],
  ])('creating a store with %s → 400', async (_, payload, pointer) => {
    const response = await stores.send('POST', '/stores', stores.admin, payload);
    expect(response.statusCode).toBe(400);
    expect(pointers(response.json())).toContain(pointer);
  });

  it('an empty edit, or one changing the currency, is a 400', async () => {
    for (const payload of [{}, { currency: 'USD' }]) {
      expect((await stores.send('PATCH', `/stores/${store.id}`, stores.admin, payload)).statusCode).toBe(400);
    }
  });

  it('a register without a name, or with a blank one → 400', async () => {
    for (const payload of [{}, { name: ' ' }, { name: 'x'.repeat(61) }]) {
      const response = await stores.send('POST', `/stores/${store.id}/registers`, stores.admin, payload);
      expect(response.statusCode).toBe(400);
    }
  });

  it('a well-formed id of nothing is a 404; a malformed id a 400', async () => {
    const unknown = [
      ['GET', '/stores/sto_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', 'STORES_STORE_NOT_FOUND'],
      ['GET', '/stores/nope/registers', 'STORES_STORE_NOT_FOUND'],
      ['GET', '/registers/reg_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', 'STORES_REGISTER_NOT_FOUND'],
      ['GET', `/registers/${session.id}/sessions`, 'STORES_REGISTER_NOT_FOUND'],
      ['GET', `/sessions/${register.id}`, 'STORES_SESSION_NOT_FOUND'],
      ['GET', '/sessions/ses_01JD3Z8Q5V7W4X9Y2B6C0N1M3K/reports/x', 'STORES_SESSION_NOT_FOUND'],
    ] as const;
    for (const [method, url, code] of unknown) {
      const response = await stores.send(method, url, stores.admin);
      expect(response.json(), url).toMatchObject({ status: 404, code });
    }
    for (const url of [
      '/stores/%00',
      '/registers/a%20b',
      `/sessions/${'x'.repeat(65)}`,
      '/sessions/%E2%82%AC/reports/z',
    ]) {
      expect((await stores.send('GET', url, stores.admin)).statusCode, url).toBe(400);
    }
  });

  it('a cursor this API did not give, a limit out of range or an unknown status → 400', async () => {
    for (const url of [
      '/stores?cursor=bm9wZQ',
      '/stores?limit=0',
      '/stores?limit=101',
      '/stores?mine=perhaps',
      '/stores?colour=blue',
      `/stores/${store.id}/registers?cursor=${Buffer.from('{"id":"sto_x"}').toString('base64url')}`,
      `/registers/${register.id}/sessions?status=ajar`,
      `/registers/${register.id}/sessions?cursor=%%%`,
    ]) {
      const response = await stores.send('GET', url, cashier);
      expect(response.statusCode, url).toBe(400);
    }
  });

  it('a body that is not JSON is a 400 or 415, never a 500', async () => {
    const broken = await stores.app.inject({
      method: 'POST',
      url: `/sessions/${session.id}/close`,
      headers: { ...cashier, 'content-type': 'application/json' },
      payload: '{"countedCash":',
    });
    expect(broken.statusCode).toBe(400);
    const text = await stores.app.inject({
      method: 'POST',
      url: `/sessions/${session.id}/close`,
      headers: { ...cashier, 'content-type': 'text/plain' },
      payload: 'cent dollars',
    });
    expect(text.statusCode).toBe(415);
    expect(body<CashSession>(await stores.send('GET', `/sessions/${session.id}`, cashier), 200).status).toBe(
      'open',
    );
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1; only the store locator goes without a bearer token', async () => {
    const doc = (await stores.send('GET', '/openapi.json')).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    type Operation = { operationId: string; security?: unknown };
    const operations = Object.values(doc.paths as Record<string, Record<string, Operation>>).flatMap(
      (methods) => Object.values(methods),
    );
    for (const operation of operations) {
      const open = ['listStores', 'getStore'].includes(operation.operationId);
      expect(operation.security, operation.operationId).toEqual(open ? undefined : [{ bearerAuth: [] }]);
    }
    expect(operations.map((op) => op.operationId).sort()).toEqual([
      'closeSession',
      'createRegister',
      'createStore',
      'getOfflineCardPolicy',
      'getRegister',
      'getSession',
      'getStore',
      'getXReport',
      'getZReport',
      'listRegisters',
      'listSessions',
      'listStores',
      'openSession',
      'setOfflineCardPolicy',
      'updateStore',
    ]);
  });
});
