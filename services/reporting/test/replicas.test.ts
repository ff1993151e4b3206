import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  body,
  newId,
  START_TIMEOUT_MS,
  saleOf,
  startReporting,
  type TestReporting,
} from './reporting.fixture.ts';

let reporting: TestReporting;
beforeAll(async () => {
  reporting = await startReporting();
  await reporting.replica();
}, START_TIMEOUT_MS);
afterAll(() => reporting?.close());

interface Totals {
  salesCount: number;
  grossCents: number;
}
const totals = async (query: string) =>
  body<{ totals: Totals }>(await reporting.get(`/sales?${query}`), 200).totals;
const grossOf = (sales: { total: { amount: number } }[]) => sales.reduce((sum, s) => sum + s.total.amount, 0);

describe('two replicas, and a rebuild, while sales arrive', () => {
  it('two replicas folding the same day side by side count every sale once', async () => {
    const store = newId('sto');
    const sales = Array.from({ length: 30 }, (_, i) =>
      saleOf(
        store,
        [{ sku: `SKU-${i % 3}`, quantity: 1 + (i % 4), unitPrice: 1000 + i }],
        '2026-08-03T15:00:00.000Z',
      ),
    );
    await Promise.all(sales.map((sale) => reporting.publish('sale.completed', sale, sale.saleId)));
    expect(await totals(`from=2026-08-03&to=2026-08-03&store=${store}`)).toMatchObject({
      salesCount: sales.length,
      grossCents: grossOf(sales),
    });
  });

  it('a rebuild while events keep arriving loses none and counts none twice', async () => {
    const store = newId('sto');
    const early = Array.from({ length: 20 }, () =>
      saleOf(store, [{ sku: 'SKU-R', quantity: 1, unitPrice: 1500 }], '2026-08-04T15:00:00.000Z'),
    );
    for (const sale of early) await reporting.publish('sale.completed', sale, sale.saleId);
    const late = Array.from({ length: 20 }, () =>
      saleOf(store, [{ sku: 'SKU-R', quantity: 1, unitPrice: 2500 }], '2026-08-04T16:00:00.000Z'),
    );
    const [rebuilt] = await Promise.all([
      reporting.app.inject({ method: 'POST', url: '/admin/rebuild', headers: reporting.admin }),
      ...late.map((sale) => reporting.publish('sale.completed', sale, sale.saleId)),
    ]);
    expect(rebuilt.statusCode).toBe(200);
    expect(await totals(`from=2026-08-04&to=2026-08-04&store=${store}`)).toMatchObject({
      salesCount: early.length + late.length,
      grossCents: grossOf([...early, ...late]),
    });
  });
});
