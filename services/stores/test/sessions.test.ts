import type { CashSession, Register, Store } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  body,
  type Headers,
  returnOf,
  START_TIMEOUT_MS,
  saleOf,
  startStores,
  type TestStores,
} from './stores.fixture.ts';

let stores: TestStores;
let store: Store;
let cashier: Headers;
let manager: Headers;
beforeAll(async () => {
  stores = await startStores();
  store = await stores.store();
  cashier = await stores.staff('cashier', [store.id], 'usr_chloe');
  manager = await stores.staff('store_manager', [store.id], 'usr_gabriel');
}, START_TIMEOUT_MS);
afterAll(() => stores?.close());

type Page<T> = { items: T[]; nextCursor: string | null };
const cad = (amount: number) => ({ amount, currency: 'CAD' });
const close = (sessionId: string, headers: Headers, counted: number, note?: string) =>
  stores.send('POST', `/sessions/${sessionId}/close`, headers, {
    countedCash: cad(counted),
    ...(note ? { note } : {}),
  });

describe('opening a cash session', () => {
  it('a cashier opens the register with a float: the session is open, the register shows it, register.opened is published', async () => {
    const register = await stores.register(store.id);
    const session = await stores.open(register.id, cashier, 15_000);
    expect(session).toMatchObject({
      registerId: register.id,
      storeId: store.id,
      cashierId: 'usr_chloe',
      status: 'open',
      openingFloat: cad(15_000),
      closedAt: null,
      expectedCash: null,
      countedCash: null,
      differenceCents: null,
    });
    expect(session.id).toMatch(/^ses_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(
      body<Register>(await stores.send('GET', `/registers/${register.id}`, cashier), 200).openSessionId,
    ).toBe(session.id);
    expect(body(await stores.send('GET', `/sessions/${session.id}`, cashier), 200)).toEqual(session);
    const [event] = await stores.eventsOf('register.opened', register.id);
    expect(event?.data).toEqual({ session });
  });

  it('a register has one open session: the second open is refused, naming the open one', async () => {
    const register = await stores.register(store.id);
    const first = await stores.open(register.id, cashier);
    const second = await stores.send('POST', `/registers/${register.id}/sessions`, manager, {
      openingFloat: cad(0),
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'STORES_SESSION_ALREADY_OPEN', openSessionId: first.id });
  });

  it('two cashiers open the same register at once: one session', async () => {
    const register = await stores.register(store.id);
    const cashiers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => stores.staff('cashier', [store.id], `usr_cashier_${i}`)),
    );
    const responses = await Promise.all(
      cashiers.map((headers) =>
        stores.send('POST', `/registers/${register.id}/sessions`, headers, { openingFloat: cad(5_000) }),
      ),
    );
    const opened = responses.filter((r) => r.statusCode === 201).map((r) => r.json() as CashSession);
    expect(opened).toHaveLength(1);
    const refused = responses.filter((r) => r.statusCode !== 201);
    expect(refused).toHaveLength(5);
    for (const response of refused) {
      expect(response.json()).toMatchObject({ status: 409, openSessionId: opened[0]?.id });
    }
    const { rows } = await stores.db.query('select id from cash_session where register_id = $1', [
      register.id,
    ]);
    expect(rows).toHaveLength(1);
  });

  it('once closed, the register opens again', async () => {
    const register = await stores.register(store.id);
    const first = await stores.open(register.id, cashier);
    body(await close(first.id, cashier, 10_000), 200);
    const second = await stores.open(register.id, cashier);
    expect(second.id).not.toBe(first.id);
    const page = body<Page<CashSession>>(
      await stores.send('GET', `/registers/${register.id}/sessions`, cashier),
      200,
    );
    expect(page.items.map((s) => s.id)).toEqual([second.id, first.id]);
  });

  it('a float in another currency than the store’s is a 422', async () => {
    const register = await stores.register(store.id);
    const response = await stores.send('POST', `/registers/${register.id}/sessions`, cashier, {
      openingFloat: { amount: 1000, currency: 'EUR' },
    });
    expect(response.json()).toMatchObject({ status: 422, code: 'STORES_CURRENCY_MISMATCH' });
  });
});

describe('closing a cash session', () => {
  it('close computes expected cash from the float and cash sales and the counted difference', async () => {
    const register = await stores.register(store.id);
    const session = await stores.open(register.id, cashier, 10_000);
    const cash1 = saleOf(session, 2_000, 'cash');
    const cash2 = saleOf(session, 1_000, 'cash');
    const card = saleOf(session, 5_000, 'card');
    for (const sale of [cash1, cash2, card]) await stores.fromOrdering('sale.completed', sale);
    await stores.fromOrdering('sale.returned', returnOf(cash2, 500, session.id));
    const expected = 10_000 + cash1.total.amount + cash2.total.amount - 500;
    const closed = body<CashSession>(
      await close(session.id, cashier, expected - 49, 'Pièce de 1 $ manquante'),
      200,
    );
    expect(closed).toMatchObject({
      status: 'closed',
      closedAt: expect.any(String),
      expectedCash: cad(expected),
      countedCash: cad(expected - 49),
      differenceCents: -49,
    });
    expect(body(await stores.send('GET', `/sessions/${session.id}`, manager), 200)).toEqual(closed);
    expect(
      body<Register>(await stores.send('GET', `/registers/${register.id}`, cashier), 200).openSessionId,
    ).toBeNull();
    const [event] = await stores.eventsOf('register.closed', register.id);
    expect(event?.data).toEqual({ session: closed });
  });

  it('closing a closed session is a 409, and nothing changes', async () => {
    const register = await stores.register(store.id);
    const session = await stores.open(register.id, cashier, 0);
    const closed = body<CashSession>(await close(session.id, cashier, 0), 200);
    const again = await close(session.id, cashier, 5_000);
    expect(again.json()).toMatchObject({ status: 409, code: 'STORES_SESSION_CLOSED' });
    expect(body(await stores.send('GET', `/sessions/${session.id}`, cashier), 200)).toEqual(closed);
  });

  it('a count in another currency is a 422', async () => {
    const register = await stores.register(store.id);
    const session = await stores.open(register.id, cashier);
    const response = await stores.send('POST', `/sessions/${session.id}/close`, cashier, {
      countedCash: { amount: 100, currency: 'USD' },
    });
    expect(response.json()).toMatchObject({ status: 422, code: 'STORES_CURRENCY_MISMATCH' });
    expect(body<CashSession>(await stores.send('GET', `/sessions/${session.id}`, cashier), 200).status).toBe(
      'open',
    );
  });

  it('the cashier who opened it, the store’s manager or head office closes it; another cashier of the store may not', async () => {
    const other = await stores.staff('cashier', [store.id], 'usr_autre');
    const register = await stores.register(store.id);
    for (const closer of [cashier, manager, stores.admin]) {
      const session = await stores.open(register.id, cashier);
      const refused = await close(session.id, other, 0);
      expect(refused.json()).toMatchObject({ status: 403, code: 'STORES_NOT_YOUR_SESSION' });
      expect(body<CashSession>(await close(session.id, closer, 10_000), 200).status).toBe('closed');
    }
  });
});

describe('who sees a store’s sessions', () => {
  it('a manager of another store cannot see this store’s sessions: 404, as if they did not exist', async () => {
    const register = await stores.register(store.id);
    const session = await stores.open(register.id, cashier);
    const otherStore = await stores.store();
    const outsiders = [
      await stores.staff('store_manager', [otherStore.id]),
      await stores.staff('cashier', [otherStore.id]),
      await stores.as({ subject: 'usr_client', roles: ['customer'] }),
      // The right store but not a store role.
      await stores.as({ subject: 'usr_vendeur', roles: ['seller'], storeIds: [store.id] }),
    ];
    for (const headers of outsiders) {
      for (const url of [
        `/sessions/${session.id}`,
        `/sessions/${session.id}/reports/x`,
        `/sessions/${session.id}/reports/z`,
        `/registers/${register.id}/sessions`,
      ]) {
        expect((await stores.send('GET', url, headers)).statusCode, url).toBe(404);
      }
      const open = await stores.send('POST', `/registers/${register.id}/sessions`, headers, {
        openingFloat: cad(0),
      });
      expect(open.json()).toMatchObject({ status: 404, code: 'STORES_REGISTER_NOT_FOUND' });
      const closing = await close(session.id, headers, 0);
      expect(closing.json()).toMatchObject({ status: 404, code: 'STORES_SESSION_NOT_FOUND' });
    }
    expect(
      body<CashSession>(await stores.send('GET', `/sessions/${session.id}`, stores.admin), 200).status,
    ).toBe('open');
  });

  it('a manager of two stores sees the sessions of both', async () => {
    const second = await stores.store();
    const both = await stores.staff('store_manager', [store.id, second.id]);
    for (const s of [store, second]) {
      const register = await stores.register(s.id);
      const session = await stores.open(register.id, both);
      expect(body(await stores.send('GET', `/sessions/${session.id}`, both), 200)).toEqual(session);
    }
  });

  it('lists a register’s sessions newest first, by status, in pages', async () => {
    const register = await stores.register(store.id);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const session = await stores.open(register.id, cashier);
      ids.unshift(session.id);
      if (i < 3) body(await close(session.id, cashier, 10_000), 200);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page: Page<CashSession> = body(
        await stores.send('GET', `/registers/${register.id}/sessions?limit=3${query}`, manager),
        200,
      );
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    const open = body<Page<CashSession>>(
      await stores.send('GET', `/registers/${register.id}/sessions?status=open`, manager),
      200,
    );
    expect(open.items.map((s) => s.id)).toEqual([ids[0]]);
    const closed = body<Page<CashSession>>(
      await stores.send('GET', `/registers/${register.id}/sessions?status=closed`, manager),
      200,
    );
    expect(closed.items.map((s) => s.id)).toEqual(ids.slice(1));
  });
});
