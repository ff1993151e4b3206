import { createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTcpProxy, type TcpProxy } from '@comptoir/platform/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Sale } from '../src/domain/sale.ts';
import { type Platform, START_TIMEOUT_MS, startPlatform } from './platform.fixture.ts';
import { bodyOf, CARDS, card, cash, newSaleId, type Tills, tillsOf } from './till.fixture.ts';

let platform: Platform;
let tills: Tills;

beforeAll(async () => {
  platform = await startPlatform();
  tills = await tillsOf(platform);
}, START_TIMEOUT_MS);
afterAll(() => platform?.close());

const net = (rows: { quantity: number }[]) => rows.reduce((sum, row) => sum + row.quantity, 0);

describe('a failed payment takes no stock', () => {
  it('a declined card is a 402 with the reason; the stock goes back and the cart stays for another try', async () => {
    const { store, cashier, session, product } = await tills.shop(1999, 5);
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 2 }]);
    const saleId = newSaleId();
    const body = { saleId, cartId: cart.id, payment: card(CARDS.declined) };

    const declined = await tills.sell(cashier, body);

    expect(declined.statusCode).toBe(402);
    expect(declined.headers['content-type']).toContain('application/problem+json');
    expect(declined.json()).toMatchObject({
      type: 'urn:comptoir:problem:payment-required',
      code: 'ORDERING_PAYMENT_DECLINED',
      reason: 'card_declined',
    });
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(5);
    expect(net(await tills.movements(saleId, 'sale')) + net(await tills.movements(saleId, 'return'))).toBe(0);
    const read = await platform.ordering.inject({ method: 'GET', url: `/sales/${saleId}`, headers: cashier });
    expect(read.statusCode).toBe(404);

    // The answer is final for that sale: its retry hears the same decline.
    const again = await tills.sell(cashier, body);
    expect(again.statusCode).toBe(402);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().code).toBe('ORDERING_PAYMENT_DECLINED');
    expect(await tills.paymentsOf(saleId)).toHaveLength(1);

    // The customer pays another way: a new sale of the same cart.
    const paid = bodyOf<Sale>(
      await tills.sell(cashier, { saleId: newSaleId(), cartId: cart.id, payment: cash(5000) }),
      201,
    );
    expect(paid.receipt.number).toBe(1);
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(3);
  });

  it('a card provider that never answers is a 503 with Retry-After, and no stock is held', async () => {
    const { store, cashier, session, product } = await tills.shop(1999, 5);
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const saleId = newSaleId();

    const response = await tills.sell(cashier, { saleId, cartId: cart.id, payment: card(CARDS.unavailable) });

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
    expect(response.json().code).toBe('ORDERING_PAYMENT_UNAVAILABLE');
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(5);
  });

  it('a card number payments refuses is a 400 naming the field; the same key with a good card then sells', async () => {
    const { store, cashier, session, product } = await tills.shop(1999, 5);
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const saleId = newSaleId();

    const refused = await tills.sell(cashier, {
      saleId,
      cartId: cart.id,
      payment: card('4242 4242 4242 4241'),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'ORDERING_PAYMENT_REFUSED',
      errors: [{ pointer: '/body/payment/card/number' }],
    });
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(5);

    bodyOf(await tills.sell(cashier, { saleId, cartId: cart.id, payment: card() }), 201);
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(4);
  });
});

describe('a sale cut short is resumed by its retry, never taken twice', () => {
  let proxy: TcpProxy;
  beforeAll(async () => {
    const payments = new URL(platform.urls.payments);
    proxy = await startTcpProxy({ host: payments.hostname, port: Number(payments.port) });
  });
  afterAll(() => proxy?.close());

  it('payments unreachable: a 503, the stock put back; the retry with the same key sells it once', async () => {
    const ordering = await platform.orderingReplica({
      ORDERING_PAYMENTS_URL: `http://127.0.0.1:${proxy.port}`,
    });
    const { store, cashier, session, product } = await tills.shop(1999, 5);
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 2 }]);
    const saleId = newSaleId();
    const body = { saleId, cartId: cart.id, payment: cash(5000) };

    proxy.cut(3_000);
    const cut = await tills.sell(cashier, body, saleId, ordering.app);
    expect(cut.statusCode).toBe(503);
    expect(cut.headers['retry-after']).toBe('1');
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(5);

    await sleep(3_100);
    const sale = bodyOf<Sale>(await tills.sell(cashier, body, saleId, ordering.app), 201);
    expect(sale.id).toBe(saleId);
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(3);
    // Taken, put back, taken again under the next attempt's key: net, the sale's two units once.
    const taken = await tills.movements(saleId, 'sale');
    const putBack = await tills.movements(saleId, 'return');
    expect([taken.length, putBack.length]).toEqual([2, 1]);
    expect(net(taken) + net(putBack)).toBe(-2);
    expect(await tills.paymentsOf(saleId)).toHaveLength(1);
  });

  it('a replica that dies holding the key: after its lease, the retry takes over and finishes the same sale', async () => {
    // A payments that takes the request and never answers: the replica is stuck as if dead.
    const held = new Set<Socket>();
    let reached = false;
    const blackHole = createServer((socket) => {
      held.add(socket);
      socket.on('data', () => {
        reached = true;
      });
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as { port: number };
    const stuck = await platform.orderingReplica({
      ORDERING_PAYMENTS_URL: `http://127.0.0.1:${port}`,
      ORDERING_PAYMENTS_TIMEOUT_MS: '60000',
      ORDERING_IDEMPOTENCY_LEASE_SECONDS: '1',
    });
    const { store, cashier, session, product } = await tills.shop(1999, 5);
    const cart = await tills.cart(session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const saleId = newSaleId();
    const body = { saleId, cartId: cart.id, payment: card() };

    const first = tills.sell(cashier, body, saleId, stuck.app);
    await vi.waitFor(() => expect(reached).toBe(true), { timeout: 10_000, interval: 20 });
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(4);

    const whileHeld = await tills.sell(cashier, body);
    expect(whileHeld.statusCode).toBe(409);
    expect(whileHeld.json().code).toBe('ORDERING_REQUEST_IN_PROGRESS');
    await sleep(1_100);
    const retried = bodyOf<Sale>(await tills.sell(cashier, body), 201);

    // The stuck replica wakes up to a dead payments call; the sale is done, so it changes nothing.
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    const late = await first;
    expect(late.statusCode).toBe(201);
    expect((late.json() as Sale).receipt).toEqual(retried.receipt);

    expect(await tills.movements(saleId, 'sale')).toEqual([{ sku: product.sku, quantity: -1 }]);
    expect(await tills.movements(saleId, 'return')).toEqual([]);
    expect(await tills.paymentsOf(saleId)).toHaveLength(1);
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(4);
  });
});
