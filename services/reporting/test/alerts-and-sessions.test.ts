import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  body,
  newId,
  START_TIMEOUT_MS,
  sessionOf,
  startReporting,
  stockAdjustedOf,
  stockLowOf,
  storeChanged,
  type TestReporting,
} from './reporting.fixture.ts';

let reporting: TestReporting;
beforeAll(async () => {
  reporting = await startReporting();
}, START_TIMEOUT_MS);
afterAll(() => reporting?.close());

interface Alert {
  sku: string;
  locationId: string;
  storeId: string | null;
  storeName: string | null;
  available: number;
  threshold: number;
}
const alerts = async (query = '', headers = reporting.admin) =>
  body<{ items: Alert[] }>(await reporting.get(`/stock-alerts${query}`, headers), 200).items;

describe('stock alerts', () => {
  it('a stock.low opens an alert; a movement back to the threshold closes it', async () => {
    const store = newId('sto');
    const location = newId('loc');
    await reporting.publish('store.created', storeChanged(store, 'Comptoir Saint-Roch'));
    await reporting.publish('stock.low', stockLowOf('CHR-001', location, store, 3));
    expect(await alerts(`?store=${store}`)).toEqual([
      {
        sku: 'CHR-001',
        locationId: location,
        storeId: store,
        storeName: 'Comptoir Saint-Roch',
        available: 3,
        threshold: 5,
        raisedAt: expect.any(String),
      },
    ]);

    await reporting.publish('stock.adjusted', stockAdjustedOf('CHR-001', location, 2));
    expect((await alerts(`?location=${location}`)).map((a) => a.available)).toEqual([2]);
    // A sale the register made offline may sell more than was known: the level goes below zero.
    await reporting.publish('stock.adjusted', stockAdjustedOf('CHR-001', location, -1));
    expect((await alerts(`?location=${location}`)).map((a) => a.available)).toEqual([-1]);

    await reporting.publish('stock.adjusted', stockAdjustedOf('CHR-001', location, 5));
    expect(await alerts(`?location=${location}`)).toEqual([]);
  });

  it('a store manager sees their stores’ alerts only, not the online warehouse’s', async () => {
    const mine = newId('sto');
    const theirs = newId('sto');
    const sku = `LMP-${mine.slice(-5)}`;
    await reporting.publish('stock.low', stockLowOf(sku, newId('loc'), mine, 1));
    await reporting.publish('stock.low', stockLowOf(sku, newId('loc'), theirs, 1));
    await reporting.publish('stock.low', stockLowOf(sku, 'loc_online', null, 0));
    const manager = await reporting.manager([mine]);
    expect((await alerts('', manager)).map((a) => a.storeId)).toEqual([mine]);
    const everyone = (await alerts()).filter((a) => a.sku === sku);
    expect(everyone.map((a) => a.storeId).sort()).toEqual([mine, theirs, null].sort());
  });
});

describe('register sessions', () => {
  it('a session shows its float when opened, then the expected, counted and difference once closed', async () => {
    const store = newId('sto');
    const opened = sessionOf(store, '2026-05-04T13:00:00.000Z');
    await reporting.publish('register.opened', { session: opened }, opened.id);
    const list = async () =>
      body<{ items: Record<string, unknown>[] }>(
        await reporting.get(`/sessions?from=2026-05-04&to=2026-05-04&store=${store}`),
        200,
      ).items;
    expect(await list()).toEqual([
      expect.objectContaining({
        sessionId: opened.id,
        status: 'open',
        openingFloatCents: 10_000,
        closedAt: null,
        differenceCents: null,
      }),
    ]);

    const closed = {
      ...opened,
      status: 'closed' as const,
      closedAt: '2026-05-04T22:00:00.000Z',
      expectedCash: { amount: 25_990, currency: 'CAD' },
      countedCash: { amount: 25_940, currency: 'CAD' },
      differenceCents: -50,
    };
    await reporting.publish('register.closed', { session: closed }, closed.id);
    expect(await list()).toEqual([
      {
        sessionId: opened.id,
        storeId: store,
        storeName: null,
        registerId: opened.registerId,
        cashierId: opened.cashierId,
        status: 'closed',
        currency: 'CAD',
        openedAt: opened.openedAt,
        closedAt: closed.closedAt,
        openingFloatCents: 10_000,
        expectedCashCents: 25_990,
        countedCashCents: 25_940,
        differenceCents: -50,
      },
    ]);
  });

  it('a close heard before its open is not undone by the open', async () => {
    const store = newId('sto');
    const opened = sessionOf(store, '2026-05-05T13:00:00.000Z');
    const closed = {
      ...opened,
      status: 'closed' as const,
      closedAt: '2026-05-05T20:00:00.000Z',
      expectedCash: { amount: 10_000, currency: 'CAD' },
      countedCash: { amount: 10_000, currency: 'CAD' },
      differenceCents: 0,
    };
    await reporting.publish('register.closed', { session: closed }, closed.id);
    await reporting.publish('register.opened', { session: opened }, opened.id);
    const { items } = body<{ items: { status: string }[] }>(
      await reporting.get(`/sessions?from=2026-05-05&to=2026-05-05&store=${store}`),
      200,
    );
    expect(items.map((s) => s.status)).toEqual(['closed']);
  });
});
