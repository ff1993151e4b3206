import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Shop, shopOf } from './online.fixture.ts';
import { type Platform, START_TIMEOUT_MS, startPlatform } from './platform.fixture.ts';
import { bodyOf, inParallel } from './till.fixture.ts';

let platform: Platform;
let shop: Shop;

beforeAll(async () => {
  platform = await startPlatform();
  shop = await shopOf(platform);
}, START_TIMEOUT_MS);
afterAll(() => platform?.close());

// Issue 5's proof at its full size: 200 customers, 50 units, every service real, 12 requests in flight.
describe('many customers, few units', () => {
  it('200 concurrent checkouts for 50 units: 50 confirmed and charged, 150 cancelled out_of_stock, stock 0', async () => {
    const lamp = await shop.product(4500, 50);
    const customers = await Promise.all(Array.from({ length: 200 }, () => shop.customer()));
    const orderIds = await inParallel(
      12,
      customers.map(
        (customer) => async () =>
          bodyOf<{ orderId: string }>(
            await shop.place(customer, shop.order([{ sku: lamp.sku, quantity: 1 }])),
            202,
          ).orderId,
      ),
    );
    const orders = [];
    for (const id of orderIds) orders.push(await shop.settled(id, 120_000));

    const confirmed = orders.filter((order) => order.status === 'confirmed');
    const cancelled = orders.filter((order) => order.status === 'cancelled');
    expect(confirmed).toHaveLength(50);
    expect(cancelled).toHaveLength(150);
    expect(new Set(cancelled.map((order) => order.cancelReason))).toEqual(new Set(['out_of_stock']));
    expect(await shop.level(lamp.sku)).toMatchObject({ onHand: 0, reserved: 0, available: 0 });

    // Exactly the confirmed ones were charged, once each; the refused ones never reached payments.
    const { rows } = await platform.db.payments.query<{ status: string; count: string }>(
      `select status, count(*) as count from payment
        where reference_kind = 'order' and reference_id = any($1::text[]) group by status`,
      [orderIds],
    );
    expect(rows.map((row) => [row.status, Number(row.count)])).toEqual([['succeeded', 50]]);
  }, 300_000);
});
