import { OrderChanged } from '@comptoir/contracts';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Shop, shopOf } from './online.fixture.ts';
import { type Platform, START_TIMEOUT_MS, startPlatform } from './platform.fixture.ts';
import { bodyOf, CARDS } from './till.fixture.ts';

FormatRegistry.Set(
  'date-time',
  (value) => /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value)),
);

let platform: Platform;
let shop: Shop;

beforeAll(async () => {
  platform = await startPlatform();
  shop = await shopOf(platform);
}, START_TIMEOUT_MS);
afterAll(() => platform?.close());

describe('a customer checks out online', () => {
  it('an order paid with an approving card is confirmed and the online stock falls', async () => {
    const chair = await shop.product(1999, 10);
    const lamp = await shop.product(500, 10);
    const customer = await shop.customer();
    const response = await shop.place(
      customer,
      shop.order([
        { sku: chair.sku, quantity: 2 },
        { sku: lamp.sku, quantity: 1 },
      ]),
    );
    const accepted = bodyOf<{ orderId: string; status: string }>(response, 202);
    expect(accepted).toEqual({ orderId: expect.stringMatching(/^ord_/), status: 'pending' });

    const order = await shop.settled(accepted.orderId);
    expect(order.status).toBe('confirmed');
    expect(order.cancelReason).toBeNull();
    // 2 × 19,99 + 5,00 = 44,98; TPS 2,25 (224,9 ¢), TVQ 4,49 (448,67 ¢) — the cart's rule.
    expect(order.subtotal).toEqual({ amount: 4498, currency: 'CAD' });
    expect(order.taxes.map((tax) => [tax.code, tax.amount.amount])).toEqual([
      ['GST', 225],
      ['QST', 449],
    ]);
    expect(order.total).toEqual({ amount: 5172, currency: 'CAD' });
    expect(order.payment).toEqual({
      id: expect.stringMatching(/^pay_/),
      status: 'succeeded',
      card: { brand: 'visa', last4: '4242' },
    });
    expect(order.history.map((step) => step.status)).toEqual(['pending', 'confirmed']);

    expect(await shop.level(chair.sku)).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
    expect(await shop.level(lamp.sku)).toMatchObject({ onHand: 9, reserved: 0, available: 9 });
    const payments = await shop.paymentsOf(order.id);
    expect(payments.map((p) => [p.status, p.amount.amount])).toEqual([['succeeded', 5172]]);

    await vi.waitFor(() => expect(shop.eventsOf(order.id)).toEqual(['order.placed', 'order.confirmed']));
    for (const event of platform.events.filter(
      (e) => e.subject === order.id && e.type.startsWith('order.'),
    )) {
      expect(Value.Errors(OrderChanged, event.data).First()).toBeUndefined();
    }
  });

  it('a declined card cancels the order with its reason and releases the stock', async () => {
    const chair = await shop.product(1999, 5);
    const customer = await shop.customer();
    const { orderId } = bodyOf<{ orderId: string }>(
      await shop.place(customer, shop.order([{ sku: chair.sku, quantity: 3 }], CARDS.declined)),
      202,
    );
    const order = await shop.settled(orderId);
    expect(order).toMatchObject({ status: 'cancelled', cancelReason: 'payment_declined' });
    expect(order.payment.status).toBe('failed');
    expect(order.history.map((step) => [step.status, step.reason])).toEqual([
      ['pending', null],
      ['cancelled', 'payment_declined'],
    ]);
    expect(await shop.level(chair.sku)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect((await shop.paymentsOf(orderId)).map((p) => p.status)).toEqual(['failed']);
    await vi.waitFor(() => expect(shop.eventsOf(orderId)).toEqual(['order.placed', 'order.cancelled']));
  });

  it('out of stock cancels with nothing charged', async () => {
    const plenty = await shop.product(1000, 10);
    const scarce = await shop.product(1000, 1);
    const customer = await shop.customer();
    const { orderId } = bodyOf<{ orderId: string }>(
      await shop.place(
        customer,
        shop.order([
          { sku: plenty.sku, quantity: 1 },
          { sku: scarce.sku, quantity: 2 },
        ]),
      ),
      202,
    );
    const order = await shop.settled(orderId);
    expect(order).toMatchObject({ status: 'cancelled', cancelReason: 'out_of_stock' });
    expect(order.payment).toMatchObject({ id: null, status: 'pending' });
    expect(await shop.paymentsOf(orderId)).toEqual([]);
    // All or nothing: the line in stock was not held either.
    expect(await shop.level(plenty.sku)).toMatchObject({ onHand: 10, reserved: 0 });
    expect(await shop.level(scarce.sku)).toMatchObject({ onHand: 1, reserved: 0 });
  });

  it('the transient card is retried and charged once', async () => {
    const chair = await shop.product(2500, 4);
    const customer = await shop.customer();
    const { orderId } = bodyOf<{ orderId: string }>(
      await shop.place(customer, shop.order([{ sku: chair.sku, quantity: 1 }], CARDS.transient)),
      202,
    );
    const order = await shop.settled(orderId);
    expect(order.status).toBe('confirmed');
    const payments = await shop.paymentsOf(orderId);
    expect(payments.map((p) => p.status)).toEqual(['succeeded']);
    expect(await shop.level(chair.sku)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('history has a timestamp and a reason for every status', async () => {
    const chair = await shop.product(999, 1);
    const before = Date.now();
    const customer = await shop.customer();
    const { orderId } = bodyOf<{ orderId: string }>(
      await shop.place(customer, shop.order([{ sku: chair.sku, quantity: 2 }])),
      202,
    );
    const order = await shop.settled(orderId);
    expect(order.history).toHaveLength(2);
    const [placed, cancelled] = order.history;
    expect(placed).toMatchObject({ status: 'pending', reason: null });
    expect(cancelled).toMatchObject({ status: 'cancelled', reason: 'out_of_stock' });
    const times = order.history.map((step) => Date.parse(step.at));
    expect(times[0]).toBeGreaterThanOrEqual(before - 1000);
    expect(times[1]).toBeGreaterThanOrEqual(times[0] ?? 0);
    // The customer sees the same history on their own order.
    expect((await shop.get(orderId, customer)).history).toEqual(order.history);
  });
});

describe('the price a customer pays is the one they saw', () => {
  it('a changed price is refused with the new total', async () => {
    const chair = await shop.product(1999, 10);
    const customer = await shop.customer();
    const lines = [{ sku: chair.sku, quantity: 1 }];
    await shop.reprice(chair, 2499);

    const key = `chk-price-${Date.now()}`;
    const refused = await shop.place(
      customer,
      shop.order(lines, CARDS.approved, { expectedTotal: { amount: 2298, currency: 'CAD' } }),
      key,
    );
    const problem = bodyOf<Record<string, unknown>>(refused, 409);
    expect(problem).toMatchObject({
      code: 'ORDERING_PRICE_CHANGED',
      total: { amount: 2873, currency: 'CAD' }, // 24,99 + 1,25 + 2,49
      subtotal: { amount: 2499, currency: 'CAD' },
      lines: [{ sku: chair.sku, quantity: 1, unitPrice: { amount: 2499, currency: 'CAD' } }],
    });
    // Nothing was kept: no order, no payment, no stock held.
    expect(await shop.level(chair.sku)).toMatchObject({ reserved: 0, onHand: 10 });

    // The customer agrees to the new total; the same key is judged afresh.
    const accepted = await shop.place(
      customer,
      shop.order(lines, CARDS.approved, { expectedTotal: { amount: 2873, currency: 'CAD' } }),
      key,
    );
    const { orderId } = bodyOf<{ orderId: string }>(accepted, 202);
    const order = await shop.settled(orderId);
    expect(order).toMatchObject({ status: 'confirmed', total: { amount: 2873, currency: 'CAD' } });
  });
});

describe('an order is placed once per Idempotency-Key', () => {
  it('a retry answers the first 202; another body is a 422; no key is a 428', async () => {
    const chair = await shop.product(1500, 10);
    const customer = await shop.customer();
    const body = shop.order([{ sku: chair.sku, quantity: 1 }]);
    const first = bodyOf<{ orderId: string }>(await shop.place(customer, body, 'same-key'), 202);
    const again = await shop.place(customer, body, 'same-key');
    expect(bodyOf(again, 202)).toEqual(first);
    expect(again.headers['idempotent-replayed']).toBe('true');

    const other = await shop.place(customer, shop.order([{ sku: chair.sku, quantity: 2 }]), 'same-key');
    expect(bodyOf(other, 422)).toMatchObject({ code: 'ORDERING_IDEMPOTENCY_KEY_REUSED' });
    expect(bodyOf(await shop.place(customer, body, null), 428)).toMatchObject({
      code: 'ORDERING_IDEMPOTENCY_KEY_REQUIRED',
    });

    await shop.settled(first.orderId);
    expect(await shop.level(chair.sku)).toMatchObject({ onHand: 9 });
    expect(await shop.paymentsOf(first.orderId)).toHaveLength(1);
  });

  it('ordering keeps no card number, only payments’ token, brand and last 4', async () => {
    const chair = await shop.product(1500, 10);
    const { orderId } = bodyOf<{ orderId: string }>(
      await shop.place(await shop.customer(), shop.order([{ sku: chair.sku, quantity: 1 }])),
      202,
    );
    await shop.settled(orderId);
    const { rows } = await platform.db.ordering.query<Record<string, unknown>>(
      'select * from online_order where id = $1',
      [orderId],
    );
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain('4242424242424242');
    expect(dump).not.toContain('4242 4242 4242 4242');
    expect(rows[0]).toMatchObject({ payment_method: expect.stringMatching(/^pm_/), card_last4: '4242' });
  });

  it('refuses what cannot be ordered: an unknown sku, a line twice, a card payments refuses, a cashier', async () => {
    const chair = await shop.product(1500, 10);
    const customer = await shop.customer();
    const unknown = await shop.place(customer, shop.order([{ sku: 'NOPE-404', quantity: 1 }]));
    expect(bodyOf(unknown, 422)).toMatchObject({ code: 'ORDERING_UNKNOWN_SKU' });
    const twice = await shop.place(
      customer,
      shop.order([
        { sku: chair.sku, quantity: 1 },
        { sku: chair.sku.toLowerCase(), quantity: 1 },
      ]),
    );
    expect(bodyOf(twice, 400)).toMatchObject({ code: 'ORDERING_ORDER_DUPLICATE_LINE' });
    const badCard = await shop.place(
      customer,
      shop.order([{ sku: chair.sku, quantity: 1 }], '4242 4242 4242 4241'),
    );
    expect(bodyOf(badCard, 400)).toMatchObject({
      code: 'ORDERING_PAYMENT_REFUSED',
      errors: [expect.objectContaining({ pointer: expect.stringMatching(/^\/body\/payment\/card/) })],
    });
    const cashier = await platform.auth.headersFor({ roles: ['cashier'], storeIds: ['sto_x'] });
    expect((await shop.place(cashier, shop.order([{ sku: chair.sku, quantity: 1 }]))).statusCode).toBe(403);
    expect(await shop.level(chair.sku)).toMatchObject({ onHand: 10, reserved: 0 });
  });
});
