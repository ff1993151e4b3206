import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventEnvelope } from '@comptoir/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Shop, shopOf } from './online.fixture.ts';
import { type Platform, START_TIMEOUT_MS, startPlatform } from './platform.fixture.ts';
import { bodyOf, CARDS } from './till.fixture.ts';

/** Nothing listens there: a call is refused at once, as by a service that is down. */
const DOWN = 'http://127.0.0.1:9';

let platform: Platform;
let shop: Shop;

// The API replica runs no workers: each test starts (and stops) the workers it needs.
beforeAll(async () => {
  platform = await startPlatform({ ORDERING_WORKERS: 'off' });
  shop = await shopOf(platform);
}, START_TIMEOUT_MS);
afterAll(() => platform?.close());

const worker = (env: Record<string, string> = {}) =>
  platform.orderingReplica({ ORDERING_API: 'off', ORDERING_WORKERS: 'on', ...env });

/**
 * A way to payments that loses every answer: each request is passed on and answered by payments
 * (the card is charged), then the connection is cut before a byte of the answer goes back.
 */
async function answerLosingProxy(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          ([name]) => !['host', 'connection', 'content-length'].includes(name),
        ),
      ) as Record<string, string>;
      await fetch(`${target}${request.url}`, {
        method: request.method ?? 'GET',
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      }).then((answer) => answer.arrayBuffer());
      response.socket?.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function sagaOf(orderId: string) {
  const { rows } = await platform.db.ordering.query<{ saga_step: string; charge_started_at: unknown }>(
    'select saga_step, charge_started_at from online_order where id = $1',
    [orderId],
  );
  return rows[0];
}

describe('the checkout saga survives its faults', () => {
  it('every message delivered twice gives the same final state', async () => {
    // Every saga message (order.placed and the step messages) is published a second time, with
    // the same id, as soon as it is seen: each one reaches the workers twice.
    const echoed = new Set<string>();
    const echo = await platform.bus.subscribe({
      queue: 'ordering-test.echo',
      topics: ['order.placed', 'checkout.*'],
      handler: async (event: EventEnvelope) => {
        if (echoed.has(event.id)) return;
        echoed.add(event.id);
        await platform.bus.publish([event]);
      },
    });
    const workers = [await worker(), await worker()];
    const paid = await shop.product(1999, 5);
    const refused = await shop.product(1999, 5);
    const scarce = await shop.product(1999, 1);
    const place = async (sku: string, quantity: number, card: string) =>
      bodyOf<{ orderId: string }>(
        await shop.place(await shop.customer(), shop.order([{ sku, quantity }], card)),
        202,
      ).orderId;
    const ids = {
      confirmed: await place(paid.sku, 2, CARDS.approved),
      declined: await place(refused.sku, 2, CARDS.declined),
      short: await place(scarce.sku, 3, CARDS.approved),
    };
    const orders = {
      confirmed: await shop.settled(ids.confirmed),
      declined: await shop.settled(ids.declined),
      short: await shop.settled(ids.short),
    };
    // The second copies find their step done; then every message of the three orders comes again.
    await vi.waitFor(() => expect(echoed.size).toBeGreaterThanOrEqual(7), { timeout: 10_000 });
    await echo.close();
    const sagaMessages = platform.events.filter(
      (e) =>
        Object.values(ids).includes(e.subject ?? '') &&
        (e.type === 'order.placed' || e.type.startsWith('checkout.')),
    );
    await platform.bus.publish(sagaMessages);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect((await shop.get(ids.confirmed)).history).toEqual(orders.confirmed.history);
    expect(orders.confirmed.status).toBe('confirmed');
    expect(await shop.get(ids.declined)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'payment_declined',
    });
    expect(await shop.get(ids.short)).toMatchObject({ status: 'cancelled', cancelReason: 'out_of_stock' });
    expect((await shop.paymentsOf(ids.confirmed)).map((p) => p.status)).toEqual(['succeeded']);
    expect((await shop.paymentsOf(ids.declined)).map((p) => p.status)).toEqual(['failed']);
    expect(await shop.paymentsOf(ids.short)).toEqual([]);
    expect(await shop.level(paid.sku)).toMatchObject({ onHand: 3, reserved: 0 });
    expect(await shop.level(refused.sku)).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await shop.level(scarce.sku)).toMatchObject({ onHand: 1, reserved: 0 });
    // One order.confirmed and one order.cancelled each, however many copies went round.
    const distinct = (orderId: string, type: string) =>
      new Set(platform.events.filter((e) => e.subject === orderId && e.type === type).map((e) => e.id)).size;
    expect(distinct(ids.confirmed, 'order.confirmed')).toBe(1);
    expect(distinct(ids.declined, 'order.cancelled')).toBe(1);
    expect(distinct(ids.short, 'order.cancelled')).toBe(1);
    for (const w of workers) await w.close();
  });

  it('a worker stopped between reserve and charge: another finishes the order, charged exactly once', async () => {
    const chair = await shop.product(3000, 4);
    // This worker reserves, then cannot reach payments: the charge step is retried with back-off.
    const stranded = await worker({ ORDERING_PAYMENTS_URL: DOWN });
    const { orderId } = bodyOf<{ orderId: string }>(
      await shop.place(await shop.customer(), shop.order([{ sku: chair.sku, quantity: 2 }])),
      202,
    );
    await vi.waitFor(
      async () => {
        expect(await sagaOf(orderId)).toMatchObject({
          saga_step: 'charging',
          charge_started_at: expect.anything(),
        });
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(await shop.level(chair.sku)).toMatchObject({ onHand: 4, reserved: 2 });
    await stranded.close();

    const successor = await worker();
    const order = await shop.settled(orderId);
    expect(order.status).toBe('confirmed');
    expect((await shop.paymentsOf(orderId)).map((p) => p.status)).toEqual(['succeeded']);
    expect(await shop.level(chair.sku)).toMatchObject({ onHand: 2, reserved: 0 });
    await successor.close();
  });

  it('a charge whose answer was lost: the next worker finds it taken, charged exactly once', async () => {
    const chair = await shop.product(3000, 4);
    const lossy = await answerLosingProxy(platform.urls.payments);
    const deaf = await worker({ ORDERING_PAYMENTS_URL: lossy.url });
    const { orderId } = bodyOf<{ orderId: string }>(
      await shop.place(await shop.customer(), shop.order([{ sku: chair.sku, quantity: 1 }])),
      202,
    );
    // payments charged the card; the worker never heard it and keeps the order at its charge.
    await vi.waitFor(
      async () => expect((await shop.paymentsOf(orderId)).map((p) => p.status)).toEqual(['succeeded']),
      {
        timeout: 15_000,
        interval: 50,
      },
    );
    expect(await sagaOf(orderId)).toMatchObject({ saga_step: 'charging' });
    await deaf.close();
    await new Promise<void>((resolve) => lossy.server.close(() => resolve()));

    const successor = await worker();
    const order = await shop.settled(orderId);
    expect(order.status).toBe('confirmed');
    const payments = await shop.paymentsOf(orderId);
    expect(payments.map((p) => p.status)).toEqual(['succeeded']);
    expect(order.payment.id).toBe(payments[0]?.id);
    expect(await shop.level(chair.sku)).toMatchObject({ onHand: 3, reserved: 0 });
    await successor.close();
  });

  it('a provider down past the payment deadline cancels payment_unavailable and releases the stock', async () => {
    const chair = await shop.product(3000, 4);
    const patient = await worker({ ORDERING_PAYMENT_DEADLINE_SECONDS: '1' });
    const { orderId } = bodyOf<{ orderId: string }>(
      await shop.place(
        await shop.customer(),
        shop.order([{ sku: chair.sku, quantity: 1 }], CARDS.unavailable),
      ),
      202,
    );
    const order = await shop.settled(orderId);
    expect(order).toMatchObject({ status: 'cancelled', cancelReason: 'payment_unavailable' });
    expect(await shop.level(chair.sku)).toMatchObject({ onHand: 4, reserved: 0 });
    expect((await shop.paymentsOf(orderId)).filter((p) => p.status === 'succeeded')).toEqual([]);
    await patient.close();
  });

  it('an order stuck pending past the saga timeout is cancelled timed_out by the sweeper', async () => {
    const chair = await shop.product(3000, 4);
    const cutOff = await worker({
      ORDERING_INVENTORY_URL: DOWN,
      ORDERING_SAGA_TIMEOUT_SECONDS: '1',
      ORDERING_SWEEP_INTERVAL_SECONDS: '1',
    });
    const { orderId } = bodyOf<{ orderId: string }>(
      await shop.place(await shop.customer(), shop.order([{ sku: chair.sku, quantity: 1 }])),
      202,
    );
    const order = await shop.settled(orderId);
    expect(order).toMatchObject({ status: 'cancelled', cancelReason: 'timed_out' });
    expect(order.history.at(-1)).toMatchObject({ status: 'cancelled', reason: 'timed_out' });
    expect(await shop.paymentsOf(orderId)).toEqual([]);
    await cutOff.close();
  });
});
