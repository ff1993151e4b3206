import { QUEBEC_TAXES, type Register, type Store } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, newCode, START_TIMEOUT_MS, startStores, type TestStores } from './stores.fixture.ts';

let stores: TestStores;
beforeAll(async () => {
  stores = await startStores();
}, START_TIMEOUT_MS);
afterAll(() => stores?.close());

type Page<T> = { items: T[]; nextCursor: string | null };

describe('the store locator', () => {
  it('anyone, even without a token, sees a store: name, district, type, address and taxes', async () => {
    const created = await stores.store({ district: 'Ville-Marie', address: '210, rue Saint-Paul Ouest' });
    const seen = body<Store>(await stores.send('GET', `/stores/${created.id}`), 200);
    expect(seen).toEqual(created);
    expect(seen).toMatchObject({
      district: 'Ville-Marie',
      type: 'boutique',
      address: '210, rue Saint-Paul Ouest',
    });
    const page = body<Page<Store>>(await stores.send('GET', '/stores?limit=100'), 200);
    expect(page.items.map((s) => s.id)).toContain(created.id);
  });

  it('a new store charges Quebec’s taxes in Canadian dollars unless told otherwise', async () => {
    const store = await stores.store();
    expect(store).toMatchObject({ currency: 'CAD', taxes: QUEBEC_TAXES });
    expect(store.id).toMatch(/^sto_[0-9A-HJKMNP-TV-Z]{26}$/);
    const ontario = await stores.store({ taxes: [{ code: 'HST', label: 'TVH', ratePpm: 130_000 }] });
    expect(ontario.taxes).toEqual([{ code: 'HST', label: 'TVH', ratePpm: 130_000 }]);
  });

  it('pages through the stores with a cursor, each store once', async () => {
    for (let i = 0; i < 3; i++) await stores.store();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page: Page<Store> = body(await stores.send('GET', `/stores?limit=2${query}`), 200);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
  });

  it('mine=true lists the stores the caller works at; head office’s are all of them; anonymous is 401', async () => {
    const [a, b] = [await stores.store(), await stores.store()];
    const cashier = await stores.staff('cashier', [a.id]);
    const mine = body<Page<Store>>(await stores.send('GET', '/stores?mine=true&limit=100', cashier), 200);
    expect(mine.items.map((s) => s.id)).toEqual([a.id]);
    const all = body<Page<Store>>(await stores.send('GET', '/stores?mine=true&limit=100', stores.admin), 200);
    expect(all.items.map((s) => s.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const customer = await stores.as({ subject: 'usr_client', roles: ['customer'] });
    expect(body<Page<Store>>(await stores.send('GET', '/stores?mine=true', customer), 200).items).toEqual([]);
    const anonymous = await stores.send('GET', '/stores?mine=true');
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('head office manages stores', () => {
  it('creating a store publishes store.created with the store', async () => {
    const store = await stores.store();
    const [event] = await stores.eventsOf('store.created', store.id);
    expect(event?.data).toEqual({ store });
  });

  it('a code another store has is a 409, on create and on edit', async () => {
    const code = newCode('DUP');
    await stores.store({ code });
    const again = await stores.send('POST', '/stores', stores.admin, { code, name: 'Autre', type: 'kiosk' });
    expect(again.json()).toMatchObject({ status: 409, code: 'STORES_CODE_TAKEN' });
    const other = await stores.store();
    const edit = await stores.send('PATCH', `/stores/${other.id}`, stores.admin, { code });
    expect(edit.json()).toMatchObject({ status: 409, code: 'STORES_CODE_TAKEN' });
  });

  it('an edit changes only the fields given and publishes store.updated; an edit changing nothing publishes nothing', async () => {
    const store = await stores.store();
    const edited = body<Store>(
      await stores.send('PATCH', `/stores/${store.id}`, stores.admin, {
        name: 'Comptoir Mile End',
        type: 'kiosk',
      }),
      200,
    );
    expect(edited).toMatchObject({
      ...store,
      name: 'Comptoir Mile End',
      type: 'kiosk',
      updatedAt: expect.any(String),
    });
    expect(body<Store>(await stores.send('GET', `/stores/${store.id}`), 200)).toEqual(edited);
    const [event] = await stores.eventsOf('store.updated', store.id);
    expect(event?.data).toEqual({ store: edited });
    const same = await stores.send('PATCH', `/stores/${store.id}`, stores.admin, {
      name: 'Comptoir Mile End',
    });
    expect(body<Store>(same, 200)).toEqual(edited);
    await stores.eventsOf('store.created', (await stores.store()).id);
    expect(stores.events.filter((e) => e.type === 'store.updated' && e.subject === store.id)).toHaveLength(1);
  });

  it('only head office creates or edits a store', async () => {
    const store = await stores.store();
    const manager = await stores.staff('store_manager', [store.id]);
    const create = await stores.send('POST', '/stores', manager, {
      code: newCode(),
      name: 'X',
      type: 'kiosk',
    });
    expect(create.json()).toMatchObject({ status: 403, code: 'STORES_HEAD_OFFICE_ONLY' });
    const edit = await stores.send('PATCH', `/stores/${store.id}`, manager, { name: 'Le mien' });
    expect(edit.json()).toMatchObject({ status: 403, code: 'STORES_HEAD_OFFICE_ONLY' });
    expect(
      (await stores.send('POST', '/stores', {}, { code: newCode(), name: 'X', type: 'kiosk' })).statusCode,
    ).toBe(401);
  });

  it('an edit of no store is a 404', async () => {
    const response = await stores.send('PATCH', '/stores/sto_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', stores.admin, {
      name: 'X',
    });
    expect(response.json()).toMatchObject({ status: 404, code: 'STORES_STORE_NOT_FOUND' });
  });
});

describe('registers', () => {
  it('head office or the store’s manager adds one; its name is unique in the store, case aside', async () => {
    const store = await stores.store();
    const manager = await stores.staff('store_manager', [store.id]);
    const register = body<Register>(
      await stores.send('POST', `/stores/${store.id}/registers`, manager, { name: 'Caisse 1' }),
      201,
    );
    expect(register).toMatchObject({ storeId: store.id, name: 'Caisse 1', openSessionId: null });
    const twin = await stores.send('POST', `/stores/${store.id}/registers`, stores.admin, {
      name: 'caisse 1',
    });
    expect(twin.json()).toMatchObject({ status: 409, code: 'STORES_REGISTER_NAME_TAKEN' });
    // Another store may have its own "Caisse 1".
    const other = await stores.store();
    await stores.register(other.id, 'Caisse 1');
  });

  it('a cashier, or a manager of another store, may not add one (403); a store that does not exist is 404', async () => {
    const store = await stores.store();
    const cashier = await stores.staff('cashier', [store.id]);
    const elsewhere = await stores.staff('store_manager', [(await stores.store()).id]);
    for (const headers of [cashier, elsewhere]) {
      const response = await stores.send('POST', `/stores/${store.id}/registers`, headers, {
        name: 'Caisse 9',
      });
      expect(response.json()).toMatchObject({ status: 403, code: 'STORES_NOT_YOUR_STORE' });
    }
    const none = await stores.send('POST', '/stores/sto_01JD3Z8Q5V7W4X9Y2B6C0N1M3K/registers', stores.admin, {
      name: 'Caisse 1',
    });
    expect(none.json()).toMatchObject({ status: 404, code: 'STORES_STORE_NOT_FOUND' });
  });

  it('the store’s staff list its registers and see each one; others get 403 for the list and 404 for a register', async () => {
    const store = await stores.store();
    const registers = [
      await stores.register(store.id, 'Caisse 1'),
      await stores.register(store.id, 'Caisse 2'),
    ];
    const staff = [
      await stores.staff('cashier', [store.id]),
      await stores.staff('store_manager', [store.id]),
      stores.admin,
    ];
    for (const headers of staff) {
      const page = body<Page<Register>>(
        await stores.send('GET', `/stores/${store.id}/registers`, headers),
        200,
      );
      expect(page).toEqual({ items: registers, nextCursor: null });
      expect(body(await stores.send('GET', `/registers/${registers[0]?.id}`, headers), 200)).toEqual(
        registers[0],
      );
    }
    const outsiders = [
      await stores.staff('store_manager', [(await stores.store()).id]),
      await stores.as({ subject: 'usr_client', roles: ['customer'] }),
    ];
    for (const headers of outsiders) {
      const list = await stores.send('GET', `/stores/${store.id}/registers`, headers);
      expect(list.json()).toMatchObject({ status: 403, code: 'STORES_NOT_YOUR_STORE' });
      const one = await stores.send('GET', `/registers/${registers[0]?.id}`, headers);
      expect(one.json()).toMatchObject({ status: 404, code: 'STORES_REGISTER_NOT_FOUND' });
    }
    expect((await stores.send('GET', `/registers/${registers[0]?.id}`)).statusCode).toBe(401);
  });
});
