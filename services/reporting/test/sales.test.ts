import type { SaleCompleted } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  body,
  newId,
  orderOf,
  returnOf,
  START_TIMEOUT_MS,
  saleOf,
  startReporting,
  storeChanged,
  type TestReporting,
} from './reporting.fixture.ts';

interface Figures {
  salesCount: number;
  items: number;
  grossCents: number;
  taxesCents: number;
  refundsCount: number;
  refundsCents: number;
  netCents: number;
  averageBasketCents: number;
}
type Row = Figures & { day: string; storeId: string | null; storeName: string | null; channel: string };
interface SalesReport {
  from: string;
  to: string;
  timeZone: string;
  currency: string;
  rows: Row[];
  totals: Figures;
}

let reporting: TestReporting;
beforeAll(async () => {
  reporting = await startReporting();
}, START_TIMEOUT_MS);
afterAll(() => reporting?.close());

const taxesOf = (sale: { taxes: { amount: { amount: number } }[] }) =>
  sale.taxes.reduce((sum, t) => sum + t.amount.amount, 0);
const itemsOf = (sale: { lines: { quantity: number }[] }) =>
  sale.lines.reduce((sum, l) => sum + l.quantity, 0);
const sales = (query: string, headers = reporting.admin) =>
  reporting.get(`/sales?${query}`, headers).then((r) => body<SalesReport>(r, 200));

/** What a day's row should say, worked out from the events themselves. */
function expectedFigures(sold: SaleCompleted[] | { total: { amount: number } }[], refunds: number[]) {
  const gross = sold.reduce((sum, s) => sum + s.total.amount, 0);
  const refunded = refunds.reduce((sum, r) => sum + r, 0);
  return {
    salesCount: sold.length,
    grossCents: gross,
    refundsCount: refunds.length,
    refundsCents: refunded,
    netCents: gross - refunded,
    averageBasketCents: sold.length === 0 ? 0 : Math.round(gross / sold.length),
  };
}

describe('sales per store, day and channel', () => {
  it('a day of two stores and the online shop adds up to the sales, returns and confirmed orders it saw', async () => {
    const plateau = newId('sto');
    const vieux = newId('sto');
    await reporting.publish('store.created', storeChanged(plateau, 'Comptoir Plateau'));
    const morning = '2026-03-02T14:00:00.000Z';
    const a1 = saleOf(
      plateau,
      [
        { sku: 'CHR-001', quantity: 2, unitPrice: 1999 },
        { sku: 'LMP-002', quantity: 1, unitPrice: 500 },
      ],
      morning,
    );
    const a2 = saleOf(plateau, [{ sku: 'TBL-003', quantity: 1, unitPrice: 4500 }], morning, 'cash');
    const b1 = saleOf(vieux, [{ sku: 'CHR-001', quantity: 3, unitPrice: 1000 }], morning);
    const online = orderOf([{ sku: 'LMP-002', quantity: 1, unitPrice: 2500 }], 'confirmed', morning);
    const declined = orderOf([{ sku: 'LMP-002', quantity: 9, unitPrice: 2500 }], 'cancelled', morning);
    for (const sale of [a1, a2, b1]) await reporting.publish('sale.completed', sale, sale.saleId);
    await reporting.publish('sale.returned', returnOf(a1, 2000, '2026-03-02T20:00:00.000Z'), a1.saleId);
    await reporting.publish('order.confirmed', online, online.order.id);
    await reporting.publish('order.cancelled', declined, declined.order.id);

    const report = await sales('from=2026-03-02&to=2026-03-02');
    expect(report).toMatchObject({
      from: '2026-03-02',
      to: '2026-03-02',
      timeZone: 'America/Toronto',
      currency: 'CAD',
    });
    const rowOf = (storeId: string | null) => report.rows.find((r) => r.storeId === storeId);
    expect(rowOf(plateau)).toEqual({
      day: '2026-03-02',
      storeId: plateau,
      storeName: 'Comptoir Plateau',
      channel: 'pos',
      items: itemsOf(a1) + itemsOf(a2),
      taxesCents: taxesOf(a1) + taxesOf(a2),
      ...expectedFigures([a1, a2], [2000]),
    });
    expect(rowOf(vieux)).toMatchObject({ storeName: null, channel: 'pos', ...expectedFigures([b1], []) });
    expect(rowOf(null)).toMatchObject({
      channel: 'online',
      items: 1,
      taxesCents: taxesOf(online.order),
      ...expectedFigures([online.order], []),
    });
    expect(report.rows).toHaveLength(3);
    expect(report.totals).toMatchObject({
      items: itemsOf(a1) + itemsOf(a2) + itemsOf(b1) + 1,
      ...expectedFigures([a1, a2, b1, online.order], [2000]),
    });
  });

  it('a sale at 23:30 in Montréal counts on that local day, not on the next UTC day', async () => {
    const store = newId('sto');
    // 2026-03-10 03:30 UTC is 23:30 on 9 March in Montréal (EDT, UTC−4).
    const late = saleOf(
      store,
      [{ sku: 'CHR-001', quantity: 1, unitPrice: 1000 }],
      '2026-03-10T03:30:00.000Z',
    );
    await reporting.publish('sale.completed', late, late.saleId);
    const report = await sales(`from=2026-03-09&to=2026-03-10&store=${store}`);
    expect(report.rows.map((r) => r.day)).toEqual(['2026-03-09']);
  });

  it('an event delivered twice is counted once', async () => {
    const store = newId('sto');
    const sale = saleOf(
      store,
      [{ sku: 'CHR-001', quantity: 1, unitPrice: 1234 }],
      '2026-03-04T15:00:00.000Z',
    );
    const event = await reporting.publish('sale.completed', sale, sale.saleId);
    await reporting.deliver(event);
    await reporting.deliver(event);
    const report = await sales(`from=2026-03-04&to=2026-03-04&store=${store}`);
    expect(report.totals).toMatchObject(expectedFigures([sale], []));
  });

  it('a refund counts on the day it was given, against the store that gave it', async () => {
    const store = newId('sto');
    const sale = saleOf(
      store,
      [{ sku: 'CHR-001', quantity: 1, unitPrice: 5000 }],
      '2026-03-05T15:00:00.000Z',
    );
    await reporting.publish('sale.completed', sale, sale.saleId);
    await reporting.publish('sale.returned', returnOf(sale, 1500, '2026-03-06T15:00:00.000Z'), sale.saleId);
    const report = await sales(`from=2026-03-05&to=2026-03-06&store=${store}`);
    expect(report.rows.map((r) => [r.day, r.salesCount, r.refundsCents, r.netCents])).toEqual([
      ['2026-03-05', 1, 0, sale.total.amount],
      ['2026-03-06', 0, 1500, -1500],
    ]);
    expect(report.totals.netCents).toBe(sale.total.amount - 1500);
  });

  it('channel=online keeps only the online shop; a store filter leaves it out', async () => {
    const store = newId('sto');
    const sale = saleOf(store, [{ sku: 'CHR-001', quantity: 1, unitPrice: 700 }], '2026-03-07T15:00:00.000Z');
    const order = orderOf(
      [{ sku: 'CHR-001', quantity: 2, unitPrice: 700 }],
      'confirmed',
      '2026-03-07T16:00:00.000Z',
    );
    await reporting.publish('sale.completed', sale, sale.saleId);
    await reporting.publish('order.confirmed', order, order.order.id);
    // The same order confirmed again (another event) is one sale.
    await reporting.publish('order.confirmed', order, order.order.id);
    const onlineOnly = await sales('from=2026-03-07&to=2026-03-07&channel=online');
    expect(onlineOnly.rows.map((r) => [r.storeId, r.channel, r.salesCount])).toEqual([[null, 'online', 1]]);
    const storeOnly = await sales(`from=2026-03-07&to=2026-03-07&store=${store}`);
    expect(storeOnly.rows.map((r) => [r.storeId, r.channel])).toEqual([[store, 'pos']]);
  });
});

describe('an event reporting cannot read', () => {
  it('is parked in the dead-letter queue, naming what is missing, and counts nothing', async () => {
    const store = newId('sto');
    const sale = saleOf(
      store,
      [{ sku: 'CHR-001', quantity: 1, unitPrice: 1000 }],
      '2026-03-20T15:00:00.000Z',
    );
    const { total: _, ...broken } = sale;
    const event = await reporting.send('sale.completed', broken);
    await vi.waitFor(
      async () => {
        const letter = await reporting.get(`/admin/dead-letters/reporting.events/${event.id}`);
        expect(letter.statusCode).toBe(200);
        expect(letter.json().error).toContain('Malformed sale.completed payload: total');
      },
      { timeout: 30_000, interval: 200 },
    );
    const report = await sales(`from=2026-03-20&to=2026-03-20&store=${store}`);
    expect(report.rows).toEqual([]);
  });
});

describe('top products and baskets', () => {
  it('ranks products by units or by revenue over the range', async () => {
    const store = newId('sto');
    const at = '2026-04-01T15:00:00.000Z';
    const cheap = { sku: `CHEAP-${store.slice(-4)}`, unitPrice: 100 };
    const dear = { sku: `DEAR-${store.slice(-4)}`, unitPrice: 9000 };
    for (const sale of [
      saleOf(
        store,
        [
          { ...cheap, quantity: 5 },
          { ...dear, quantity: 1 },
        ],
        at,
      ),
      saleOf(store, [{ ...cheap, quantity: 3 }], at),
    ]) {
      await reporting.publish('sale.completed', sale, sale.saleId);
    }
    const top = (by: string) =>
      reporting
        .get(`/top-products?from=2026-04-01&to=2026-04-01&store=${store}&by=${by}&limit=5`)
        .then((r) =>
          body<{ items: { rank: number; sku: string; quantity: number; revenueCents: number }[] }>(r, 200),
        );
    expect((await top('quantity')).items).toEqual([
      expect.objectContaining({ rank: 1, sku: cheap.sku, quantity: 8, revenueCents: 800 }),
      expect.objectContaining({ rank: 2, sku: dear.sku, quantity: 1, revenueCents: 9000 }),
    ]);
    expect((await top('revenue')).items.map((p) => p.sku)).toEqual([dear.sku, cheap.sku]);
  });

  it('the average basket is the gross over the number of sales, per day and over the range', async () => {
    const store = newId('sto');
    const made = [
      saleOf(store, [{ sku: 'A', quantity: 1, unitPrice: 1000 }], '2026-04-02T15:00:00.000Z'),
      saleOf(store, [{ sku: 'A', quantity: 2, unitPrice: 1001 }], '2026-04-02T16:00:00.000Z'),
      saleOf(store, [{ sku: 'A', quantity: 3, unitPrice: 333 }], '2026-04-03T15:00:00.000Z'),
    ];
    for (const sale of made) await reporting.publish('sale.completed', sale, sale.saleId);
    const report = body<{
      rows: { day: string; salesCount: number; averageBasketCents: number; averageItems: number }[];
      totals: { salesCount: number; averageBasketCents: number; averageItems: number };
    }>(await reporting.get(`/baskets?from=2026-04-02&to=2026-04-03&store=${store}`), 200);
    const [first, second, third] = made.map((s) => s.total.amount) as [number, number, number];
    expect(report.rows).toEqual([
      {
        day: '2026-04-02',
        salesCount: 2,
        items: 3,
        grossCents: first + second,
        averageBasketCents: Math.round((first + second) / 2),
        averageItems: 1.5,
      },
      {
        day: '2026-04-03',
        salesCount: 1,
        items: 3,
        grossCents: third,
        averageBasketCents: third,
        averageItems: 3,
      },
    ]);
    expect(report.totals).toMatchObject({
      salesCount: 3,
      averageBasketCents: Math.round((first + second + third) / 3),
      averageItems: 2,
    });
  });
});
