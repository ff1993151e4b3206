import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  body,
  newId,
  orderOf,
  returnOf,
  START_TIMEOUT_MS,
  saleOf,
  sessionOf,
  startReporting,
  stockLowOf,
  storeChanged,
  type TestReporting,
} from './reporting.fixture.ts';

let reporting: TestReporting;
const store = newId('sto');
const range = 'from=2026-06-01&to=2026-06-03';

beforeAll(async () => {
  reporting = await startReporting();
  await reporting.publish('store.created', storeChanged(store, 'Comptoir Vieux-Montréal'));
  for (const [day, quantity] of [
    ['2026-06-01', 1],
    ['2026-06-02', 2],
    ['2026-06-03', 3],
  ] as const) {
    const sale = saleOf(
      store,
      [
        { sku: 'CHR-001', quantity, unitPrice: 2999 },
        { sku: 'LMP-002', quantity: 1, unitPrice: 1450 },
      ],
      `${day}T15:00:00.000Z`,
    );
    await reporting.publish('sale.completed', sale, sale.saleId);
    if (quantity === 2)
      await reporting.publish('sale.returned', returnOf(sale, 2999, `${day}T18:00:00.000Z`), sale.saleId);
  }
  const order = orderOf(
    [{ sku: 'LMP-002', quantity: 2, unitPrice: 1450 }],
    'confirmed',
    '2026-06-02T12:00:00.000Z',
  );
  await reporting.publish('order.confirmed', order, order.order.id);
  const session = sessionOf(store, '2026-06-01T13:00:00.000Z');
  await reporting.publish('register.opened', { session }, session.id);
  await reporting.publish('stock.low', stockLowOf('CHR-001', newId('loc'), store, 2));
}, START_TIMEOUT_MS);
afterAll(() => reporting?.close());

/** CSV text as records keyed by the header (the test data has no quoted commas). */
function records(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trim().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
}

describe('CSV export', () => {
  it('?format=csv and Accept: text/csv give the JSON report’s rows with the same figures', async () => {
    const json = body<{ rows: Record<string, unknown>[] }>(await reporting.get(`/sales?${range}`), 200);
    const byQuery = await reporting.get(`/sales?${range}&format=csv`);
    const byHeader = await reporting.app.inject({
      method: 'GET',
      url: `/sales?${range}`,
      headers: { ...reporting.admin, accept: 'text/csv' },
    });
    expect(byQuery.statusCode).toBe(200);
    expect(byQuery.headers['content-type']).toMatch(/^text\/csv/);
    expect(byQuery.headers['content-disposition']).toBe(
      'attachment; filename="sales-2026-06-01-2026-06-03.csv"',
    );
    expect(byHeader.body).toBe(byQuery.body);
    const rows = records(byQuery.body);
    expect(rows).toHaveLength(json.rows.length);
    expect(rows.length).toBeGreaterThan(3);
    rows.forEach((row, i) => {
      const expected = json.rows[i] ?? {};
      for (const figure of [
        'day',
        'channel',
        'salesCount',
        'grossCents',
        'taxesCents',
        'refundsCents',
        'netCents',
      ]) {
        expect(row[figure], `${figure} of row ${i}`).toBe(String(expected[figure]));
      }
      expect(row.storeId).toBe(expected.storeId === null ? '' : expected.storeId);
    });
  });

  it('?format=json wins over Accept: text/csv', async () => {
    const response = await reporting.app.inject({
      method: 'GET',
      url: `/top-products?${range}&format=json`,
      headers: { ...reporting.admin, accept: 'text/csv' },
    });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('rebuilding the read models from the event log', () => {
  const snapshot = async () => {
    const reads = [
      `/sales?${range}`,
      `/top-products?${range}&by=revenue`,
      `/baskets?${range}`,
      `/sessions?${range}`,
      '/stock-alerts',
    ];
    return Promise.all(reads.map(async (url) => body<unknown>(await reporting.get(url), 200)));
  };

  it('empties and refolds every model: the figures come out identical', async () => {
    const before = await snapshot();
    // Something to lose: a rebuild that forgot to refold would answer empty reports.
    expect(JSON.stringify(before)).toContain(store);
    const rebuilt = body<{ events: number }>(
      await reporting.app.inject({ method: 'POST', url: '/admin/rebuild', headers: reporting.admin }),
      200,
    );
    expect(rebuilt.events).toBe(8);
    expect(await snapshot()).toEqual(before);
  });

  it('figures damaged in a read model are put right by the rebuild', async () => {
    const before = await snapshot();
    await reporting.db.query('update daily_sales set gross = gross + 1000000');
    await reporting.db.query('delete from daily_products');
    expect(await snapshot()).not.toEqual(before);
    await reporting.app.inject({ method: 'POST', url: '/admin/rebuild', headers: reporting.admin });
    expect(await snapshot()).toEqual(before);
  });

  it('is head office’s alone', async () => {
    const manager = await reporting.manager([store]);
    const response = await reporting.app.inject({ method: 'POST', url: '/admin/rebuild', headers: manager });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
