import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sale } from '../src/domain/sale.ts';
import { type Platform, START_TIMEOUT_MS, startPlatform } from './platform.fixture.ts';
import { bodyOf, CARDS, card, cash, inParallel, newSaleId, type Tills, tillsOf } from './till.fixture.ts';

let platform: Platform;
let tills: Tills;

beforeAll(async () => {
  // Two hundred sales at once on two cores: an answer may take seconds, which is not an outage.
  platform = await startPlatform({
    ORDERING_UPSTREAM_TIMEOUT_MS: '30000',
    ORDERING_PAYMENTS_TIMEOUT_MS: '30000',
  });
  tills = await tillsOf(platform);
}, START_TIMEOUT_MS);
afterAll(() => platform?.close());

/** Registers set up at once for the big race: the machine has two cores shared with other suites. */
const SETUP_IN_FLIGHT = 20;

const statuses = (responses: LightMyRequestResponse[]) =>
  responses.reduce<Record<number, number>>((count, r) => {
    count[r.statusCode] = (count[r.statusCode] ?? 0) + 1;
    return count;
  }, {});

describe('stock never goes below zero, whoever sells at once', () => {
  it('two registers sell the last unit at once: one sale, one insufficient_stock, stock 0', async () => {
    const store = await tills.store();
    const product = await tills.product(1999, { locationId: store.locationId, quantity: 1 });
    const tillsAt = await Promise.all(
      [1, 2].map(async () => {
        const cashier = await tills.staff(store.id);
        const { session } = await tills.register(store.id, cashier);
        const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
        return { cashier, cart, saleId: newSaleId() };
      }),
    );

    const responses = await Promise.all(
      tillsAt.map(({ cashier, cart, saleId }) =>
        tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(5000) }),
      ),
    );

    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const refused = responses.find((r) => r.statusCode === 409);
    expect(refused?.headers['content-type']).toContain('application/problem+json');
    expect(refused?.json()).toMatchObject({
      type: 'urn:comptoir:problem:insufficient-stock',
      code: 'ORDERING_INSUFFICIENT_STOCK',
      sku: product.sku,
      available: 0,
      requested: 1,
    });
    expect(await tills.level(product.sku, store.locationId)).toMatchObject({ onHand: 0, available: 0 });
    // The refused sale charged nobody.
    const loser = tillsAt[responses.indexOf(refused as LightMyRequestResponse)];
    expect(await tills.paymentsOf(loser?.saleId ?? '')).toEqual([]);
  });

  it('200 sales of one unit each at once against 50 in stock: exactly 50 succeed, stock 0', async () => {
    const store = await tills.store();
    const product = await tills.product(250, { locationId: store.locationId, quantity: 50 });
    const registers = await inParallel(
      SETUP_IN_FLIGHT,
      Array.from({ length: 200 }, (_, i) => async () => {
        const cashier = await tills.staff(store.id);
        const { session } = await tills.register(store.id, cashier, `Caisse ${i + 1}`);
        const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
        return { cashier, cart, saleId: newSaleId() };
      }),
    );

    const responses = await Promise.all(
      registers.map(({ cashier, cart, saleId }) =>
        tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(1000) }),
      ),
    );

    expect(statuses(responses)).toEqual({ 201: 50, 409: 150 });
    expect(await tills.level(product.sku, store.locationId)).toMatchObject({ onHand: 0, available: 0 });
    const { rows } = await platform.db.ordering.query<{ sold: number }>(
      "select count(*)::int as sold from orders where store_id = $1 and status = 'completed'",
      [store.id],
    );
    expect(rows[0]?.sold).toBe(50);
  }, 240_000);
});

describe('one sale, however many times it is posted', () => {
  it('the same sale posted 20 times at once with one key: one sale, one payment, one stock movement', async () => {
    const { store, cashier, session, product } = await tills.shop(1999, 10);
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 3 }]);
    const saleId = newSaleId();
    const body = { saleId, cartId: cart.id, payment: card() };

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => tills.sell(cashier, body, 'one-key')),
    );

    const answered = responses.filter((r) => r.statusCode === 201);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    expect(answered.length + responses.filter((r) => r.statusCode === 409).length).toBe(20);
    for (const busy of responses.filter((r) => r.statusCode === 409)) {
      expect(busy.json().code).toBe('ORDERING_REQUEST_IN_PROGRESS');
    }
    const sales = answered.map((r) => r.json() as Sale);
    expect(new Set(sales.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(sales[0]?.id).toBe(saleId);

    expect(await tills.paymentsOf(saleId)).toHaveLength(1);
    expect(await tills.movements(saleId, 'sale')).toEqual([{ sku: product.sku, quantity: -3 }]);
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(7);

    // Once done, the key answers the same sale again, and says so.
    const replay = await tills.sell(cashier, body, 'one-key');
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(sales[0]);
  });

  it('the same key with another body is a 422; the same sale id under another key is a 409', async () => {
    const { cashier, session, product } = await tills.shop();
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const saleId = newSaleId();
    bodyOf(await tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(5000) }, 'key-a'), 201);

    const otherBody = await tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(9000) }, 'key-a');
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.json().code).toBe('ORDERING_IDEMPOTENCY_KEY_REUSED');
    const otherKey = await tills.sell(cashier, { saleId, cartId: cart.id, payment: cash(5000) }, 'key-b');
    expect(otherKey.statusCode).toBe(409);
    expect(otherKey.json().code).toBe('ORDERING_SALE_ID_TAKEN');
    expect(await tills.paymentsOf(saleId)).toHaveLength(1);
  });
});

describe('receipt numbers', () => {
  it('are sequential per register, with no gap for a sale that did not go through', async () => {
    const store = await tills.store();
    const product = await tills.product(1000, { locationId: store.locationId, quantity: 50 });
    const cashier = await tills.staff(store.id);
    const a = await tills.register(store.id, cashier, 'Caisse A');
    const other = await tills.staff(store.id);
    const b = await tills.register(store.id, other, 'Caisse B');
    // A declined sale leaves its cart as it was: the next try sells that cart, scanning nothing more.
    const sellAt = async (till: typeof a, payment: Record<string, unknown>, scan = true) => {
      const lines = scan ? [{ sku: product.sku, quantity: 1 }] : [];
      const cart = await tills.cart(till.session.id, till.cashier, lines);
      return tills.sell(till.cashier, { saleId: newSaleId(), cartId: cart.id, payment });
    };
    const receipt = async (response: Promise<LightMyRequestResponse>) =>
      bodyOf<Sale>(await response, 201).receipt.printed;

    const printed = [
      await receipt(sellAt(a, cash(2000))),
      await receipt(sellAt(b, cash(2000))),
      await receipt(sellAt(a, card())),
    ];
    expect((await sellAt(a, card(CARDS.declined))).statusCode).toBe(402);
    printed.push(await receipt(sellAt(a, cash(2000), false)), await receipt(sellAt(b, card())));

    expect(printed).toEqual([
      'Caisse A-000001',
      'Caisse B-000001',
      'Caisse A-000002',
      'Caisse A-000003',
      'Caisse B-000002',
    ]);
  });
});
