import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, START_TIMEOUT_MS, startPlatform } from './platform.fixture.ts';
import { bodyOf, cash, newSaleId, type Tills, tillsOf } from './till.fixture.ts';

let platform: Platform;
let tills: Tills;

beforeAll(async () => {
  platform = await startPlatform();
  tills = await tillsOf(platform);
}, START_TIMEOUT_MS);
afterAll(() => platform?.close());

/** One sample of the ordering replica's /metrics, or 0 when the series does not exist yet. */
async function sample(series: string): Promise<number> {
  const text = (await platform.ordering.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(series));
  return line ? Number(line.slice(series.length).trim()) : 0;
}

describe('business counters', () => {
  it('count a completed sale and its revenue once, however often it is replayed', async () => {
    const { store, cashier, session } = await tills.shop(1999, 10);
    const product = await tills.product(1000, { locationId: store.locationId, quantity: 5 });
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const sales = `comptoir_sales_total{store="${store.id}",method="cash",service="ordering"}`;
    const revenue = `comptoir_sales_revenue_cents_total{store="${store.id}",currency="CAD",service="ordering"}`;
    const body = { saleId: newSaleId(), cartId: cart.id, payment: cash(2000) };

    const sale = bodyOf<{ total: { amount: number } }>(await tills.sell(cashier, body), 201);
    bodyOf(await tills.sell(cashier, body), 201); // the replay commits nothing new

    expect(await sample(sales)).toBe(1);
    // 10,00 + TPS 0,50 + TVQ 1,00 (0,9975) = 11,50.
    expect(sale.total.amount).toBe(1150);
    expect(await sample(revenue)).toBe(1150);
  });
});
