import { SaleCompleted } from '@comptoir/contracts';
import { Validator } from '@seriousme/openapi-schema-validator';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Sale } from '../src/domain/sale.ts';

type Page = { items: Sale[]; nextCursor: string | null };

import { type Platform, START_TIMEOUT_MS, startPlatform } from './platform.fixture.ts';
import { bodyOf, CARDS, card, cash, expectStatus, newSaleId, type Tills, tillsOf } from './till.fixture.ts';

// TypeBox checks formats only when told what they mean.
FormatRegistry.Set(
  'date-time',
  (value) => /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value)),
);

let platform: Platform;
let tills: Tills;

beforeAll(async () => {
  platform = await startPlatform();
  tills = await tillsOf(platform);
}, START_TIMEOUT_MS);
afterAll(() => platform?.close());

describe('a cashier sells the register’s cart', () => {
  it('pays cash, gets change, and the receipt is right to the cent; stock falls at that store only', async () => {
    const { store, cashier, register, session } = await tills.shop();
    const other = await tills.store();
    const chair = await tills.product(1999, { locationId: store.locationId, quantity: 10 });
    await tills.receive(chair.sku, other.locationId, 10);
    const lamp = await tills.product(500, { locationId: store.locationId, quantity: 10 });
    const cart = await tills.cart(session.id, cashier, [
      { sku: chair.sku, quantity: 2 },
      { sku: lamp.sku, quantity: 1 },
    ]);
    const saleId = newSaleId();

    const sale = bodyOf<Sale>(
      await tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(6000) }),
      201,
    );

    // 2 × 19,99 + 5,00 = 44,98; GST 5 % = 2,249 → 2,25; QST 9,975 % = 4,48676 → 4,49; total 51,72.
    expect(sale.subtotal).toEqual({ amount: 4498, currency: 'CAD' });
    expect(sale.taxes.map((t) => [t.code, t.amount.amount])).toEqual([
      ['GST', 225],
      ['QST', 449],
    ]);
    expect(sale.total).toEqual({ amount: 5172, currency: 'CAD' });
    expect(sale.payment).toMatchObject({
      method: 'cash',
      amount: { amount: 5172 },
      tendered: { amount: 6000 },
      changeDue: { amount: 828 },
      card: null,
    });
    expect(sale.receipt).toMatchObject({
      number: 1,
      printed: `${register.name}-000001`,
      store: { id: store.id, name: store.name, address: store.address },
      register: { id: register.id, name: register.name },
      total: { amount: 5172 },
    });
    expect(sale.receipt.lines.map((l) => [l.sku, l.quantity, l.lineTotal.amount])).toEqual([
      [chair.sku, 2, 3998],
      [lamp.sku, 1, 500],
    ]);
    expect(sale).toMatchObject({ id: saleId, channel: 'pos', status: 'completed', storeId: store.id });
    expect((await tills.level(chair.sku, store.locationId)).onHand).toBe(8);
    expect((await tills.level(lamp.sku, store.locationId)).onHand).toBe(9);
    expect((await tills.level(chair.sku, other.locationId)).onHand).toBe(10);
  });
});

describe('a sale paid by card', () => {
  it('keeps brand and last 4 on the receipt, never the number, and publishes sale.completed', async () => {
    const { store, cashier, session, register, product } = await tills.shop(2500);
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const saleId = newSaleId();

    const sale = bodyOf<Sale>(await tills.sell(cashier, { saleId, cartId: cart.id, payment: card() }), 201);

    expect(sale.payment).toMatchObject({
      method: 'card',
      tendered: null,
      changeDue: null,
      card: { brand: 'visa', last4: '4242' },
    });
    await vi.waitFor(() => expect(platform.events.filter((e) => e.subject === saleId)).toHaveLength(1), {
      timeout: 10_000,
    });
    const event = platform.events.find((e) => e.subject === saleId);
    expect(event?.type).toBe('sale.completed');
    expect([...Value.Errors(SaleCompleted, event?.data)]).toEqual([]);
    expect(event?.data).toMatchObject({
      saleId,
      storeId: store.id,
      registerId: register.id,
      sessionId: session.id,
      receiptNumber: sale.receipt.number,
      total: sale.total,
    });
    const dump = JSON.stringify(
      await Promise.all(
        ['orders', 'order_line', 'idempotency_key', 'outbox'].map(
          async (table) => (await platform.db.ordering.query(`select * from ${table}`)).rows,
        ),
      ),
    );
    expect(dump).toContain('4242');
    expect(dump.replaceAll(/[ -]/g, '')).not.toContain('4242424242424242');
  });

  it('is sold once the transient provider answers on the retry, without the till doing anything', async () => {
    const { cashier, session, product } = await tills.shop();
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const saleId = newSaleId();
    const response = await tills.sell(cashier, { saleId, cartId: cart.id, payment: card(CARDS.transient) });
    expect(bodyOf<Sale>(response, 201).payment.card?.last4).toBe('9995');
    expect(await tills.paymentsOf(saleId)).toHaveLength(1);
  });
});

describe('after the sale', () => {
  it('the cart is gone: the register starts the next basket empty', async () => {
    const { cashier, session, product } = await tills.shop();
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    bodyOf(await tills.sell(cashier, { saleId: newSaleId(), cartId: cart.id, payment: cash(5000) }), 201);
    const gone = await platform.apps.cart.inject({
      method: 'GET',
      url: `/carts/${cart.id}`,
      headers: cashier,
    });
    expect(gone.statusCode).toBe(404);
    const next = await tills.cart(session.id, cashier);
    expect(next.id).not.toBe(cart.id);
    expect(next.lines).toEqual([]);
  });

  it('the store’s staff read the sale and list the session’s sales, newest first, page by page', async () => {
    const { store, cashier, session, product } = await tills.shop(1000);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
      const saleId = newSaleId();
      bodyOf(await tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(2000) }), 201);
      ids.push(saleId);
    }
    const manager = await tills.staff(store.id, 'usr_manager', 'store_manager');
    const one = bodyOf<Sale>(
      await platform.ordering.inject({ method: 'GET', url: `/sales/${ids[0]}`, headers: manager }),
      200,
    );
    expect(one).toMatchObject({
      id: ids[0],
      receipt: { number: 1 },
      returns: [],
      amountRefunded: { amount: 0 },
    });

    const first = bodyOf<Page>(
      await platform.ordering.inject({
        method: 'GET',
        url: `/sales?sessionId=${session.id}&limit=2`,
        headers: manager,
      }),
      200,
    );
    expect(first.items.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    const second = bodyOf<Page>(
      await platform.ordering.inject({
        method: 'GET',
        url: `/sales?sessionId=${session.id}&limit=2&cursor=${first.nextCursor}`,
        headers: manager,
      }),
      200,
    );
    expect(second.items.map((s) => s.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();

    const byStore = bodyOf<Page>(
      await platform.ordering.inject({ method: 'GET', url: `/sales?storeId=${store.id}`, headers: cashier }),
      200,
    );
    expect(byStore.items).toHaveLength(3);
  });

  it('another store’s staff neither read nor list it; head office does', async () => {
    const { store, cashier, session, product } = await tills.shop();
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const saleId = newSaleId();
    bodyOf(await tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(5000) }), 201);
    const elsewhere = await tills.staff((await tills.store()).id);

    const read = (headers: Record<string, string>) =>
      platform.ordering.inject({ method: 'GET', url: `/sales/${saleId}`, headers });
    expect((await read(elsewhere)).statusCode).toBe(404);
    expect((await read(tills.headOffice)).statusCode).toBe(200);
    const listed = await platform.ordering.inject({
      method: 'GET',
      url: `/sales?storeId=${store.id}`,
      headers: elsewhere,
    });
    expect(listed.statusCode).toBe(403);
    const own = bodyOf<Page>(
      await platform.ordering.inject({ method: 'GET', url: '/sales', headers: elsewhere }),
      200,
    );
    expect(own.items.map((s) => s.id)).not.toContain(saleId);
    const customer = await platform.auth.headersFor({ roles: ['customer'] });
    expect((await read(customer)).statusCode).toBe(403);
  });
});

describe('a sale that cannot be made stores nothing and takes nothing', () => {
  it('needs an Idempotency-Key (428)', async () => {
    const { cashier, session, product } = await tills.shop();
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const response = await tills.sell(
      cashier,
      { saleId: newSaleId(), cartId: cart.id, payment: cash(5000) },
      null,
    );
    expect(response.statusCode).toBe(428);
    expect(response.json().code).toBe('ORDERING_IDEMPOTENCY_KEY_REQUIRED');
  });

  it('cash below the total is a 422 naming the field; the retry with enough cash succeeds', async () => {
    const { store, cashier, session, product } = await tills.shop(1999, 5);
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const saleId = newSaleId();
    const low = await tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(2000) });
    expect(low.statusCode).toBe(422);
    expect(low.json()).toMatchObject({
      code: 'ORDERING_TENDERED_TOO_LOW',
      errors: [{ pointer: '/body/payment/tendered' }],
    });
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(5);
    // Refused without effect: the same key is judged afresh with the corrected amount.
    bodyOf(await tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(2300) }), 201);
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(4);
  });

  it('short stock stores nothing: the cashier takes the line out and the same key sells the rest', async () => {
    const { store, cashier, session, product } = await tills.shop(1999, 5);
    const scarce = await tills.product(700, { locationId: store.locationId, quantity: 1 });
    const cart = await tills.cart(session.id, cashier, [
      { sku: product.sku, quantity: 1 },
      { sku: scarce.sku, quantity: 2 },
    ]);
    const saleId = newSaleId();
    const short = await tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(10_000) });
    expect(short.statusCode).toBe(409);
    expect(short.json()).toMatchObject({ sku: scarce.sku, available: 1, requested: 2 });
    expect(await tills.paymentsOf(saleId)).toEqual([]);

    await expectStatus(platform.apps.cart, 200, {
      method: 'DELETE',
      url: `/carts/${cart.id}/lines/${scarce.sku}`,
      headers: cashier,
    });
    const sale = bodyOf<Sale>(
      await tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(10_000) }),
      201,
    );
    expect(sale.lines.map((l) => l.sku)).toEqual([product.sku]);
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(4);
    expect((await tills.level(scarce.sku, store.locationId)).onHand).toBe(1);
  });

  it('cash in another currency is a 422', async () => {
    const { cashier, session, product } = await tills.shop();
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const response = await tills.sell(cashier, {
      saleId: newSaleId(),
      cartId: cart.id,
      payment: { method: 'cash', tendered: { amount: 5000, currency: 'EUR' } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('ORDERING_CURRENCY_MISMATCH');
  });

  it('an empty cart is a 422', async () => {
    const { cashier, session } = await tills.shop();
    const cart = await tills.cart(session.id, cashier);
    const response = await tills.sell(cashier, { saleId: newSaleId(), cartId: cart.id, payment: cash(5000) });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('ORDERING_CART_EMPTY');
  });

  it('a closed session is a 422: nothing is sold from a closed drawer', async () => {
    const { store, cashier, session, product } = await tills.shop(1999, 5);
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    bodyOf(
      await platform.apps.stores.inject({
        method: 'POST',
        url: `/sessions/${session.id}/close`,
        headers: cashier,
        payload: { countedCash: { amount: 20_000, currency: 'CAD' } },
      }),
      200,
    );
    const response = await tills.sell(cashier, { saleId: newSaleId(), cartId: cart.id, payment: cash(5000) });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('ORDERING_SESSION_NOT_OPEN');
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(5);
  });

  it('a cashier of another store may not sell this store’s cart', async () => {
    const { store, cashier, session, product } = await tills.shop(1999, 5);
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const stranger = await tills.staff((await tills.store()).id);
    const response = await tills.sell(stranger, {
      saleId: newSaleId(),
      cartId: cart.id,
      payment: cash(5000),
    });
    // cart hides another store's cart (404): to the stranger, there is no such cart to sell.
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('ORDERING_CART_NOT_FOUND');
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(5);
  });

  it('bad input is a 400 naming the field, never a 500', async () => {
    const { cashier } = await tills.shop();
    const cases = [
      { saleId: 'sale-1', cartId: 'crt_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', payment: cash(100) },
      { saleId: newSaleId(), cartId: 'nope', payment: cash(100) },
      { saleId: newSaleId(), cartId: 'crt_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', payment: { method: 'cheque' } },
      { saleId: newSaleId(), cartId: 'crt_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', payment: card('1234') },
      { saleId: newSaleId(), cartId: 'crt_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', payment: cash(100), extra: true },
    ];
    for (const body of cases) {
      const response = await tills.sell(cashier, body, 'k-bad');
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors?.length).toBeGreaterThan(0);
    }
    const unknownCart = await tills.sell(cashier, {
      saleId: newSaleId(),
      cartId: 'crt_01JD3Z8Q5V7W4X9Y2B6C0N1M3K',
      payment: cash(100),
    });
    expect(unknownCart.statusCode).toBe(422);
    expect(unknownCart.json().code).toBe('ORDERING_CART_NOT_FOUND');
  });
});

describe('the API description', () => {
  it('is a valid OpenAPI document, every operation behind a bearer token', async () => {
    const doc = (await platform.ordering.inject({ method: 'GET', url: '/openapi.json' })).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    type Operation = { operationId: string; security?: unknown };
    const operations = Object.values(doc.paths as Record<string, Record<string, Operation>>).flatMap(
      (methods) => Object.values(methods),
    );
    expect(operations.map((op) => op.operationId).sort()).toEqual([
      'createSale',
      'createSaleReturn',
      'getOrder',
      'getSale',
      'listOrders',
      'listSales',
      'listSellerSales',
      'markShipmentDelivered',
      'placeOrder',
      'shipOrderLines',
      'syncOfflineSale',
    ]);
    for (const operation of operations) expect(operation.security).toEqual([{ bearerAuth: [] }]);
  });
});
