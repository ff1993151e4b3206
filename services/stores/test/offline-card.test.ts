import type { OfflineCardPolicy, Register, Store } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, type Headers, START_TIMEOUT_MS, startStores, type TestStores } from './stores.fixture.ts';

let stores: TestStores;
let store: Store;
let cashier: Headers;
let manager: Headers;
beforeAll(async () => {
  stores = await startStores();
  store = await stores.store();
  cashier = await stores.staff('cashier', [store.id], 'usr_offline_cashier');
  manager = await stores.staff('store_manager', [store.id], 'usr_offline_manager');
}, START_TIMEOUT_MS);
afterAll(() => stores?.close());

const cad = (amount: number) => ({ amount, currency: 'CAD' });
const setPolicy = (headers: Headers, policy: object, storeId = store.id) =>
  stores.send('PUT', `/stores/${storeId}/offline-card-policy`, headers, policy);

describe('what a register needs to sell offline', () => {
  it('each register has its own offline receipt prefix, never shaped like the online series', async () => {
    const [one, two] = [await stores.register(store.id), await stores.register(store.id)];
    expect(one.offlineReceiptPrefix).toMatch(/^H[0-9A-Z]{6}$/);
    expect(one.offlineReceiptPrefix).not.toBe(two.offlineReceiptPrefix);
    const read = body<Register>(await stores.send('GET', `/registers/${one.id}`, cashier), 200);
    expect(read.offlineReceiptPrefix).toBe(one.offlineReceiptPrefix);
    expect(read.offlineCard).toEqual({ enabled: false, perSaleLimit: null });
  });

  it('the store’s manager switches offline cards on with a limit; its registers carry it', async () => {
    const register = await stores.register(store.id);
    const policy = { enabled: true, perSaleLimit: cad(15_000) };
    expect(body<OfflineCardPolicy>(await setPolicy(manager, policy), 200)).toEqual(policy);
    expect(body(await stores.send('GET', `/stores/${store.id}/offline-card-policy`, cashier), 200)).toEqual(
      policy,
    );
    const read = body<Register>(await stores.send('GET', `/registers/${register.id}`, cashier), 200);
    expect(read.offlineCard).toEqual(policy);
    const page = body<{ items: Register[] }>(
      await stores.send('GET', `/stores/${store.id}/registers`, cashier),
      200,
    );
    for (const listed of page.items) expect(listed.offlineCard).toEqual(policy);
  });

  it('a cashier or another store’s manager may not set it; a limit in another currency is a 422', async () => {
    expect((await setPolicy(cashier, { enabled: true, perSaleLimit: null })).statusCode).toBe(403);
    const other = await stores.store();
    expect((await setPolicy(manager, { enabled: true, perSaleLimit: null }, other.id)).statusCode).toBe(403);
    const euros = await setPolicy(manager, { enabled: true, perSaleLimit: { amount: 100, currency: 'EUR' } });
    expect(euros.statusCode).toBe(422);
    expect((await setPolicy(manager, { enabled: 'yes' })).statusCode).toBe(400);
  });
});
