import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Shop, shopOf } from './online.fixture.ts';
import { type Platform, START_TIMEOUT_MS, startPlatform } from './platform.fixture.ts';
import { bodyOf } from './till.fixture.ts';

/** Nothing listens there: a call is refused at once, as by a service that is down. */
const DOWN = 'http://127.0.0.1:9';

let platform: Platform;
let shop: Shop;

// Inventory holds a reservation one second only; the API replica runs no workers.
beforeAll(async () => {
  platform = await startPlatform(
    { ORDERING_WORKERS: 'off' },
    { inventory: { INVENTORY_RESERVATION_TTL_SECONDS: '1' } },
  );
  shop = await shopOf(platform);
}, START_TIMEOUT_MS);
afterAll(() => platform?.close());

const worker = (env: Record<string, string> = {}) =>
  platform.orderingReplica({ ORDERING_API: 'off', ORDERING_WORKERS: 'on', ...env });

describe('a reservation that expired before the payment was taken', () => {
  it('is refunded and the order cancelled reservation_expired, the stock never taken', async () => {
    const chair = await shop.product(2000, 3);
    // Payments is out of reach of this worker until the hold has run out.
    const late = await worker({ ORDERING_PAYMENTS_URL: DOWN });
    const { orderId } = bodyOf<{ orderId: string }>(
      await shop.place(await shop.customer(), shop.order([{ sku: chair.sku, quantity: 2 }])),
      202,
    );
    await vi.waitFor(
      async () => {
        const { rows } = await platform.db.ordering.query<{ saga_step: string }>(
          'select saga_step from online_order where id = $1',
          [orderId],
        );
        expect(rows[0]?.saga_step).toBe('charging');
      },
      { timeout: 15_000, interval: 50 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await late.close();

    const successor = await worker();
    const order = await shop.settled(orderId);
    expect(order).toMatchObject({ status: 'cancelled', cancelReason: 'reservation_expired' });
    expect(order.payment.status).toBe('refunded');
    const [payment, ...others] = await shop.paymentsOf(orderId);
    expect(others).toEqual([]);
    expect(payment).toMatchObject({ status: 'succeeded', amountRefunded: payment?.amount });
    expect(await shop.level(chair.sku)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    await successor.close();
  });
});
