import type { CashSession, Store } from '@comptoir/contracts';
import { createEvent } from '@comptoir/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionReport } from '../src/domain/reports.ts';
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
beforeAll(async () => {
  stores = await startStores();
  store = await stores.store();
  cashier = await stores.staff('cashier', [store.id], 'usr_chloe');
}, START_TIMEOUT_MS);
afterAll(() => stores?.close());

const cad = (amount: number) => ({ amount, currency: 'CAD' });
const report = (sessionId: string, kind: 'x' | 'z', headers = cashier) =>
  stores.send('GET', `/sessions/${sessionId}/reports/${kind}`, headers);
async function close(sessionId: string, counted: number): Promise<CashSession> {
  const response = await stores.send('POST', `/sessions/${sessionId}/close`, cashier, {
    countedCash: cad(counted),
  });
  return body<CashSession>(response, 200);
}
async function openSession(float = 10_000): Promise<CashSession> {
  return stores.open((await stores.register(store.id)).id, cashier, float);
}

describe('the Z report', () => {
  it('the Z report totals the sales of the session by method', async () => {
    const session = await openSession(10_000);
    // 1000 → GST 50, QST 100 (99.75 rounded), total 1150; 2000 → 100 + 200 (199.5) = 2300; 4000 → 200 + 399 = 4599.
    const sales = [
      saleOf(session, 1_000, 'cash'),
      saleOf(session, 2_000, 'card'),
      saleOf(session, 4_000, 'cash'),
    ];
    for (const sale of sales) await stores.fromOrdering('sale.completed', sale);
    // A sale of another session never shows here.
    const elsewhere = await openSession();
    await stores.fromOrdering('sale.completed', saleOf(elsewhere, 9_000, 'cash'));
    await stores.fromOrdering('sale.returned', returnOf(sales[1]!, 1_150, session.id));

    const closed = await close(session.id, 10_000 + 1_150 + 4_599);
    const z = body<SessionReport>(await report(session.id, 'z'), 200);
    expect(z).toMatchObject({
      kind: 'z',
      session: closed,
      currency: 'CAD',
      salesCount: 3,
      returnsCount: 1,
      subtotal: cad(7_000),
      taxes: [
        { code: 'GST', label: 'TPS', amount: cad(350) },
        { code: 'QST', label: 'TVQ', amount: cad(699) },
      ],
      total: cad(8_049),
      refunds: cad(1_150),
      net: cad(6_899),
      payments: [
        {
          method: 'cash',
          salesCount: 2,
          salesAmount: cad(5_749),
          refundsCount: 0,
          refundsAmount: cad(0),
          net: cad(5_749),
        },
        {
          method: 'card',
          salesCount: 1,
          salesAmount: cad(2_300),
          refundsCount: 1,
          refundsAmount: cad(1_150),
          net: cad(1_150),
        },
      ],
      cash: {
        openingFloat: cad(10_000),
        cashSales: cad(5_749),
        cashRefunds: cad(0),
        expected: cad(15_749),
        expectedAtClose: cad(15_749),
        counted: cad(15_749),
        difference: 0,
      },
      lateEntries: 0,
    });
    expect(closed).toMatchObject({ expectedCash: cad(15_749), differenceCents: 0 });
  });

  it('Z report of an open session is 409; its X report shows the running totals', async () => {
    const session = await openSession(5_000);
    await stores.fromOrdering('sale.completed', saleOf(session, 1_000, 'cash'));
    expect((await report(session.id, 'z')).json()).toMatchObject({
      status: 409,
      code: 'STORES_SESSION_STILL_OPEN',
    });
    const x = body<SessionReport>(await report(session.id, 'x'), 200);
    expect(x).toMatchObject({
      kind: 'x',
      salesCount: 1,
      total: cad(1_150),
      cash: { expected: cad(6_150), expectedAtClose: null, counted: null, difference: null },
    });
    await stores.fromOrdering('sale.completed', saleOf(session, 2_000, 'cash'));
    expect(body<SessionReport>(await report(session.id, 'x'), 200)).toMatchObject({
      salesCount: 2,
      total: cad(3_450),
      cash: { expected: cad(8_450) },
    });
  });

  it('an empty session reports zeros, both methods listed', async () => {
    const session = await openSession(2_500);
    await close(session.id, 2_500);
    expect(body<SessionReport>(await report(session.id, 'z'), 200)).toMatchObject({
      salesCount: 0,
      returnsCount: 0,
      subtotal: cad(0),
      taxes: [],
      total: cad(0),
      payments: [
        { method: 'cash', salesCount: 0, salesAmount: cad(0), net: cad(0) },
        { method: 'card', salesCount: 0, salesAmount: cad(0), net: cad(0) },
      ],
      cash: { expected: cad(2_500), counted: cad(2_500), difference: 0 },
    });
  });
});

describe('the ledger counts each sale once', () => {
  it('a redelivered sale.completed counts once', async () => {
    const session = await openSession(0);
    const sale = saleOf(session, 1_000, 'cash');
    const event = await stores.fromOrdering('sale.completed', sale);
    await stores.deliver(event);
    await stores.deliver(event);
    // The same sale announced again under a new event id (a republished outbox row) is the same sale.
    await stores.deliver(createEvent({ type: 'sale.completed', source: '/comptoir/ordering', data: sale }));
    const x = body<SessionReport>(await report(session.id, 'x'), 200);
    expect(x).toMatchObject({ salesCount: 1, total: cad(1_150), cash: { expected: cad(1_150) } });
  });

  it('a redelivered sale.returned counts once', async () => {
    const session = await openSession(5_000);
    const sale = saleOf(session, 2_000, 'cash');
    await stores.fromOrdering('sale.completed', sale);
    const refund = returnOf(sale, 1_000, session.id);
    const event = await stores.fromOrdering('sale.returned', refund);
    await stores.deliver(event);
    const x = body<SessionReport>(await report(session.id, 'x'), 200);
    expect(x).toMatchObject({
      returnsCount: 1,
      refunds: cad(1_000),
      cash: { expected: cad(5_000 + 2_300 - 1_000) },
    });
  });
});

describe('which drawer a return counts against', () => {
  it('the session the return names, even when the sale was in another', async () => {
    const morning = await openSession(0);
    const sale = saleOf(morning, 2_000, 'cash');
    await stores.fromOrdering('sale.completed', sale);
    await close(morning.id, 2_300);
    const evening = await openSession(10_000);
    await stores.fromOrdering('sale.returned', returnOf(sale, 2_300, evening.id));
    expect(body<SessionReport>(await report(evening.id, 'x'), 200)).toMatchObject({
      salesCount: 0,
      returnsCount: 1,
      net: cad(-2_300),
      cash: { cashRefunds: cad(2_300), expected: cad(7_700) },
    });
    expect(body<SessionReport>(await report(morning.id, 'z'), 200)).toMatchObject({
      returnsCount: 0,
      lateEntries: 0,
    });
  });

  it('a return naming no session counts toward the original sale’s session, even when the sale is learned after it', async () => {
    const session = await openSession(1_000);
    const known = saleOf(session, 1_000, 'cash');
    await stores.fromOrdering('sale.completed', known);
    await stores.fromOrdering('sale.returned', returnOf(known, 1_150, null));
    // The return's event overtook its sale's.
    const overtaken = saleOf(session, 2_000, 'card');
    await stores.fromOrdering('sale.returned', returnOf(overtaken, 500, null));
    expect(body<SessionReport>(await report(session.id, 'x'), 200)).toMatchObject({ returnsCount: 1 });
    await stores.fromOrdering('sale.completed', overtaken);
    expect(body<SessionReport>(await report(session.id, 'x'), 200)).toMatchObject({
      salesCount: 2,
      returnsCount: 2,
      refunds: cad(1_650),
      payments: [
        { method: 'cash', refundsAmount: cad(1_150) },
        { method: 'card', refundsAmount: cad(500) },
      ],
      cash: { expected: cad(1_000) },
    });
  });

  it('a return naming no session, of a sale never seen here, counts in no drawer', async () => {
    const session = await openSession(1_000);
    const stranger = saleOf({ ...session, id: 'ses_01JD3Z8Q5V7W4X9Y2B6C0N1M3K' }, 1_000, 'cash');
    const refund = returnOf(stranger, 1_150, null);
    await stores.fromOrdering('sale.returned', refund);
    expect(body<SessionReport>(await report(session.id, 'x'), 200)).toMatchObject({ returnsCount: 0 });
    const { rows } = await stores.db.query<{ session_id: string | null }>(
      'select session_id from session_return where return_id = $1',
      [refund.returnId],
    );
    expect(rows).toEqual([{ session_id: null }]);
  });
});

describe('entries after the close', () => {
  it('a sale arriving after the close shows in the Z report, flagged late; the close’s figures stay', async () => {
    const session = await openSession(10_000);
    await stores.fromOrdering('sale.completed', saleOf(session, 1_000, 'cash'));
    const closed = await close(session.id, 11_150);
    expect(closed).toMatchObject({ expectedCash: cad(11_150), differenceCents: 0 });
    await stores.fromOrdering('sale.completed', saleOf(session, 2_000, 'cash'));
    const z = body<SessionReport>(await report(session.id, 'z'), 200);
    expect(z).toMatchObject({
      salesCount: 2,
      total: cad(3_450),
      lateEntries: 1,
      session: closed,
      cash: { expected: cad(13_450), expectedAtClose: cad(11_150), counted: cad(11_150), difference: -2_300 },
    });
  });

  it('a sale recorded while the close runs is either counted by it or flagged late, never lost', async () => {
    const session = await openSession(0);
    const sales = Array.from({ length: 8 }, () => saleOf(session, 1_000, 'cash'));
    const [closing] = await Promise.all([
      stores.send('POST', `/sessions/${session.id}/close`, cashier, { countedCash: cad(0) }),
      ...sales.map((sale) => stores.fromOrdering('sale.completed', sale)),
    ]);
    const closed = body<CashSession>(closing, 200);
    const z = body<SessionReport>(await report(session.id, 'z'), 200);
    expect(z.salesCount).toBe(8);
    const counted = (closed.expectedCash?.amount ?? -1) / 1_150;
    expect(Number.isInteger(counted)).toBe(true);
    expect(z.lateEntries).toBe(8 - counted);
    expect(z.cash.expected).toEqual(cad(8 * 1_150));
  });
});

describe('events the ledger cannot take', () => {
  it('a sale of an unknown session is not recorded; a malformed one is retried, then dead-lettered, never counted', async () => {
    const session = await openSession(0);
    await stores.fromOrdering(
      'sale.completed',
      saleOf({ ...session, id: 'ses_01JD3Z8Q5V7W4X9Y2B6C0N1M3K' }, 1_000, 'cash'),
    );
    const malformed = createEvent({
      type: 'sale.completed',
      source: '/comptoir/ordering',
      data: { ...saleOf(session, 1_000, 'cash'), total: '11.50' },
    });
    await stores.bus.publish([malformed]);
    const good = saleOf(session, 2_000, 'card');
    await stores.fromOrdering('sale.completed', good);
    await vi.waitFor(
      async () => {
        const dead = await stores.bus.deadLetters('stores.ordering-events');
        expect(dead.map((letter) => letter.event.id)).toEqual([malformed.id]);
        expect(dead[0]?.error).toMatch(/Malformed sale.completed payload: total/);
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(body<SessionReport>(await report(session.id, 'x'), 200)).toMatchObject({
      salesCount: 1,
      total: cad(2_300),
    });
  });
});
