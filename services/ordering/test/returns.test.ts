import type { Payment } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SaleReturn } from '../src/domain/return.ts';
import type { Sale } from '../src/domain/sale.ts';
import { type Platform, START_TIMEOUT_MS, startPlatform } from './platform.fixture.ts';
import {
  bodyOf,
  card,
  cash,
  expectStatus,
  type Headers,
  newReturnId,
  newSaleId,
  type Tills,
  tillsOf,
} from './till.fixture.ts';

let platform: Platform;
let tills: Tills;

beforeAll(async () => {
  platform = await startPlatform();
  tills = await tillsOf(platform);
}, START_TIMEOUT_MS);
afterAll(() => platform?.close());

/** A store selling 2 chairs (19,99) and a lamp (5,00): total 51,72 with GST and QST. */
async function soldBasket(payment: Record<string, unknown> = cash(6000)) {
  const { store, cashier, session, product: chair } = await tills.shop(1999, 10);
  const lamp = await tills.product(500, { locationId: store.locationId, quantity: 10 });
  const cart = await tills.cart(session.id, cashier, [
    { sku: chair.sku, quantity: 2 },
    { sku: lamp.sku, quantity: 1 },
  ]);
  const sale = bodyOf<Sale>(
    await tills.sell(cashier, { saleId: newSaleId(), cartId: cart.id, payment }),
    201,
  );
  expect(sale.total.amount).toBe(5172);
  return { store, cashier, session, chair, lamp, sale };
}

const payment = (id: string): Promise<Payment> =>
  expectStatus<Payment>(platform.apps.payments, 200, {
    method: 'GET',
    url: `/payments/${id}`,
    headers: tills.headOffice,
  });

const report = (sessionId: string, headers: Headers) =>
  expectStatus<{
    salesCount: number;
    returnsCount: number;
    refunds: { amount: number };
    cash: { expected: { amount: number } };
  }>(platform.apps.stores, 200, { method: 'GET', url: `/sessions/${sessionId}/reports/x`, headers });

describe('a return refunds and restocks', () => {
  it('gives back the lines’ share with their taxes, puts the stock back, and the last return refunds what is left', async () => {
    const { store, cashier, session, chair, lamp, sale } = await soldBasket();

    // One chair: 19,99 + GST 1,00 (0,9995) + QST 1,99 (1,994) = 22,98.
    const first = bodyOf<SaleReturn>(
      await tills.giveBack(cashier, sale.id, {
        returnId: newReturnId(),
        sessionId: session.id,
        lines: [{ sku: chair.sku, quantity: 1 }],
      }),
      201,
    );
    expect(first.refund).toMatchObject({
      method: 'cash',
      paymentId: sale.payment.id,
      amount: { amount: 2298 },
    });
    expect((await tills.level(chair.sku, store.locationId)).onHand).toBe(9);
    expect((await payment(sale.payment.id)).amountRefunded.amount).toBe(2298);

    // The rest: by the rule 24,99 + 1,25 + 2,49 = 28,73, but the last return gives back exactly
    // what is left of 51,72, so the sale is refunded to the cent: 28,74.
    const last = bodyOf<SaleReturn>(
      await tills.giveBack(cashier, sale.id, {
        returnId: newReturnId(),
        lines: [
          { sku: chair.sku, quantity: 1 },
          { sku: lamp.sku, quantity: 1 },
        ],
      }),
      201,
    );
    expect(last.refund.amount.amount).toBe(2874);
    expect(last.sessionId).toBeNull();
    expect((await payment(sale.payment.id)).amountRefunded.amount).toBe(5172);
    expect((await tills.level(chair.sku, store.locationId)).onHand).toBe(10);
    expect((await tills.level(lamp.sku, store.locationId)).onHand).toBe(10);

    const read = bodyOf<Sale>(
      await platform.ordering.inject({ method: 'GET', url: `/sales/${sale.id}`, headers: cashier }),
      200,
    );
    expect(read.returns.map((r) => r.refund.amount)).toEqual([2298, 2874]);
    expect(read.amountRefunded.amount).toBe(5172);

    await vi.waitFor(
      () =>
        expect(
          platform.events.filter((e) => e.type === 'sale.returned' && e.subject === sale.id),
        ).toHaveLength(2),
      { timeout: 10_000 },
    );
    const event = platform.events.find((e) => e.type === 'sale.returned' && e.subject === sale.id);
    expect(event?.data).toEqual(
      expect.objectContaining({
        saleId: sale.id,
        returnId: first.id,
        storeId: store.id,
        sessionId: session.id,
        lines: [{ sku: chair.sku, quantity: 1 }],
        refund: first.refund,
      }),
    );
    // stores counts the sale and both refunds in the session's drawer (events, consumed for real).
    await vi.waitFor(
      async () =>
        expect(await report(session.id, cashier)).toMatchObject({
          salesCount: 1,
          returnsCount: 2,
          refunds: { amount: 5172 },
          cash: { expected: { amount: 20_000 } },
        }),
      { timeout: 10_000, interval: 50 },
    );
  });

  it('a card sale is refunded to the card', async () => {
    const { cashier, chair, sale } = await soldBasket(card());
    const back = bodyOf<SaleReturn>(
      await tills.giveBack(cashier, sale.id, {
        returnId: newReturnId(),
        lines: [{ sku: chair.sku, quantity: 2 }],
      }),
      201,
    );
    // 39,98 + GST 2,00 (1,999) + QST 3,99 (3,988) = 45,97.
    expect(back.refund).toMatchObject({ method: 'card', amount: { amount: 4597 } });
    expect((await payment(sale.payment.id)).amountRefunded.amount).toBe(4597);
  });
});

describe('a return never brings back more than was sold', () => {
  it('more than sold, counting earlier returns, is a 422; nothing is refunded or restocked', async () => {
    const { store, cashier, chair, sale } = await soldBasket();
    bodyOf(
      await tills.giveBack(cashier, sale.id, {
        returnId: newReturnId(),
        lines: [{ sku: chair.sku, quantity: 1 }],
      }),
      201,
    );
    const tooMany = await tills.giveBack(cashier, sale.id, {
      returnId: newReturnId(),
      lines: [{ sku: chair.sku, quantity: 2 }],
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().code).toBe('ORDERING_RETURN_EXCEEDS_SALE');
    const notSold = await tills.giveBack(cashier, sale.id, {
      returnId: newReturnId(),
      lines: [{ sku: 'NEVER-SOLD', quantity: 1 }],
    });
    expect(notSold.statusCode).toBe(422);
    expect(notSold.json().code).toBe('ORDERING_RETURN_EXCEEDS_SALE');
    expect((await tills.level(chair.sku, store.locationId)).onHand).toBe(9);
    expect((await payment(sale.payment.id)).amountRefunded.amount).toBe(2298);
  });

  it('two returns of the last chair at once: one is made, the other is refused', async () => {
    const { store, cashier, chair, sale } = await soldBasket();
    const responses = await Promise.all(
      [1, 2].map(() =>
        tills.giveBack(cashier, sale.id, {
          returnId: newReturnId(),
          lines: [{ sku: chair.sku, quantity: 2 }],
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 422]);
    expect((await tills.level(chair.sku, store.locationId)).onHand).toBe(10);
    expect((await payment(sale.payment.id)).amountRefunded.amount).toBe(4597);
  });

  it('a return is made once per key: its retry answers it again; its id under another key is a 409', async () => {
    const { store, cashier, chair, sale } = await soldBasket();
    const body = { returnId: newReturnId(), lines: [{ sku: chair.sku, quantity: 1 }] };
    const made = bodyOf<SaleReturn>(await tills.giveBack(cashier, sale.id, body), 201);
    const again = await tills.giveBack(cashier, sale.id, body);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(made);
    const otherKey = await tills.giveBack(cashier, sale.id, body, 'another-key');
    expect(otherKey.statusCode).toBe(409);
    expect(otherKey.json().code).toBe('ORDERING_RETURN_ID_TAKEN');
    expect((await tills.level(chair.sku, store.locationId)).onHand).toBe(9);
  });

  it('refuses a sku given twice (400), a closed session (422), and another store’s staff (404)', async () => {
    const { cashier, session, chair, sale } = await soldBasket();
    const twice = await tills.giveBack(cashier, sale.id, {
      returnId: newReturnId(),
      lines: [
        { sku: chair.sku, quantity: 1 },
        { sku: chair.sku, quantity: 1 },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().code).toBe('ORDERING_RETURN_DUPLICATE_LINE');

    const stranger = await tills.staff((await tills.store()).id);
    const elsewhere = await tills.giveBack(stranger, sale.id, {
      returnId: newReturnId(),
      lines: [{ sku: chair.sku, quantity: 1 }],
    });
    expect(elsewhere.statusCode).toBe(404);

    await expectStatus(platform.apps.stores, 200, {
      method: 'POST',
      url: `/sessions/${session.id}/close`,
      headers: cashier,
      payload: { countedCash: { amount: 25_172, currency: 'CAD' } },
    });
    const closed = await tills.giveBack(cashier, sale.id, {
      returnId: newReturnId(),
      sessionId: session.id,
      lines: [{ sku: chair.sku, quantity: 1 }],
    });
    expect(closed.statusCode).toBe(422);
    expect(closed.json().code).toBe('ORDERING_SESSION_NOT_OPEN');
    expect((await payment(sale.payment.id)).amountRefunded.amount).toBe(0);
  });
});
