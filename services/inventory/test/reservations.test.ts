import type { Reservation } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { START_TIMEOUT_MS, startInventory, type TestInventory } from './inventory.fixture.ts';

let inventory: TestInventory;
let saga: { authorization: string };
const online = 'loc_online';

beforeAll(async () => {
  // A short sweep interval, so a reservation with a one-second hold is released within the test.
  inventory = await startInventory({ INVENTORY_SWEEP_INTERVAL_MS: '100', LOG_LEVEL: 'error' });
  // Ordering's checkout saga calls as a platform client granted stock:write.
  saga = await inventory.auth.headersFor({
    subject: 'cli_ordering',
    kind: 'client',
    roles: [],
    scopes: ['stock:write'],
  });
}, START_TIMEOUT_MS);
afterAll(() => inventory?.close());

let orders = 0;
const newOrder = () => `ord_${Date.now()}_${++orders}`;

const reserve = (orderId: string, lines: { sku: string; quantity: number }[], ttlSeconds?: number) =>
  inventory.app.inject({
    method: 'POST',
    url: '/reservations',
    headers: saga,
    payload: { orderId, locationId: online, lines, ...(ttlSeconds ? { ttlSeconds } : {}) },
  });
const step = (id: string, action: 'commit' | 'release') =>
  inventory.app.inject({ method: 'POST', url: `/reservations/${id}/${action}`, headers: saga });

describe('a reservation holds every line, or none', () => {
  it('held: 201, available stock drops, on-hand stays, stock.reserved is published', async () => {
    const [a, b] = [await inventory.product(), await inventory.product()];
    await inventory.receive(a, online, 5);
    await inventory.receive(b, online, 5);
    const orderId = newOrder();
    const response = await reserve(orderId, [
      { sku: a, quantity: 2 },
      { sku: b, quantity: 1 },
    ]);
    expect(response.statusCode).toBe(201);
    const reservation: Reservation = response.json();
    expect(reservation).toMatchObject({ orderId, status: 'active', locationId: online, shortages: [] });
    expect(await inventory.level(a, online)).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
    await vi.waitFor(() => expect(inventory.eventsOf('stock.reserved', orderId)).toHaveLength(1));
    expect(inventory.eventsOf('stock.reserved', orderId)[0]?.data).toMatchObject({
      reservationId: reservation.id,
      lines: expect.arrayContaining([{ sku: a, quantity: 2 }]),
    });
  });

  it('one short line: 409 with the shortages, nothing held, stock.rejected published', async () => {
    const [plenty, scarce] = [await inventory.product(), await inventory.product()];
    await inventory.receive(plenty, online, 10);
    await inventory.receive(scarce, online, 1);
    const orderId = newOrder();
    const response = await reserve(orderId, [
      { sku: plenty, quantity: 4 },
      { sku: scarce, quantity: 3 },
    ]);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'INVENTORY_INSUFFICIENT_STOCK',
      shortages: [{ sku: scarce, requested: 3, available: 1 }],
    });
    expect(await inventory.level(plenty, online)).toMatchObject({ reserved: 0, available: 10 });
    await vi.waitFor(() => expect(inventory.eventsOf('stock.rejected', orderId)).toHaveLength(1));
    expect(inventory.eventsOf('stock.reserved', orderId)).toHaveLength(0);

    // The rejection is the order's answer: asking again does not reserve what has since arrived.
    await inventory.receive(scarce, online, 5);
    const again = await reserve(orderId, [
      { sku: plenty, quantity: 4 },
      { sku: scarce, quantity: 3 },
    ]);
    expect(again.statusCode).toBe(409);
    expect(await inventory.level(scarce, online)).toMatchObject({ reserved: 0 });
  });

  it('once per order: asking again answers the same reservation; other lines are a 422', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, online, 10);
    const orderId = newOrder();
    const lines = [{ sku, quantity: 3 }];
    const answers = await Promise.all(Array.from({ length: 10 }, () => reserve(orderId, lines)));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(answers.map((r) => r.json().id)).size).toBe(1);
    expect(await inventory.level(sku, online)).toMatchObject({ reserved: 3 });
    expect((await reserve(orderId, [{ sku, quantity: 4 }])).statusCode).toBe(422);
  });
});

describe('commit and release', () => {
  it('commit turns the hold into a reservation_commit movement and publishes stock.committed', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, online, 5);
    const orderId = newOrder();
    const { id } = (await reserve(orderId, [{ sku, quantity: 2 }])).json();
    const committed = await step(id, 'commit');
    expect(committed.statusCode).toBe(200);
    expect(committed.json()).toMatchObject({ status: 'committed' });
    expect(await inventory.level(sku, online)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    const { rows } = await inventory.db.query(
      'select kind, quantity, reference from movement where sku = $1 order by id',
      [sku],
    );
    expect(rows.at(-1)).toEqual({ kind: 'reservation_commit', quantity: -2, reference: id });
    await vi.waitFor(() => expect(inventory.eventsOf('stock.committed', orderId)).toHaveLength(1));

    expect((await step(id, 'commit')).statusCode).toBe(200);
    expect(await inventory.level(sku, online)).toMatchObject({ onHand: 3 });
    const release = await step(id, 'release');
    expect(release.statusCode).toBe(409);
    expect(release.json()).toMatchObject({
      code: 'INVENTORY_RESERVATION_CLOSED',
      reservationStatus: 'committed',
    });
  });

  it('release makes the stock available again and publishes stock.released; releasing again is harmless', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, online, 5);
    const orderId = newOrder();
    const { id } = (await reserve(orderId, [{ sku, quantity: 4 }])).json();
    expect((await step(id, 'release')).json()).toMatchObject({
      status: 'released',
      releaseReason: 'requested',
    });
    expect(await inventory.level(sku, online)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect((await step(id, 'release')).statusCode).toBe(200);
    expect((await step(id, 'commit')).statusCode).toBe(409);
    await vi.waitFor(() => expect(inventory.eventsOf('stock.released', orderId)).toHaveLength(1));
  });

  it('a commit racing a release: exactly one of them wins', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, online, 5);
    const { id } = (await reserve(newOrder(), [{ sku, quantity: 1 }])).json();
    const [commit, release] = await Promise.all([step(id, 'commit'), step(id, 'release')]);
    expect([commit.statusCode, release.statusCode].sort()).toEqual([200, 409]);
    const level = await inventory.level(sku, online);
    expect(level.reserved).toBe(0);
    expect(level.onHand).toBe(commit.statusCode === 200 ? 4 : 5);
  });

  it('availability reads are fresh after every step, although cached', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, online, 5);
    const available = async () => (await inventory.level(sku, online)).available;
    expect(await available()).toBe(5);
    const first = (await reserve(newOrder(), [{ sku, quantity: 2 }])).json();
    expect(await available()).toBe(3);
    await step(first.id, 'release');
    expect(await available()).toBe(5);
    const second = (await reserve(newOrder(), [{ sku, quantity: 1 }])).json();
    expect(await available()).toBe(4);
    await step(second.id, 'commit');
    expect(await inventory.level(sku, online)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
  });

  it('an unknown reservation is a 404', async () => {
    const response = await step('res_01JD3Z8Q5V7W4X9Y2B6C0N1M3K', 'commit');
    expect(response.statusCode).toBe(404);
  });
});

describe('expiry', () => {
  it('the sweeper releases a reservation past its time, and a late commit is refused', async () => {
    const sku = await inventory.product();
    await inventory.receive(sku, online, 5);
    const orderId = newOrder();
    const { id } = (await reserve(orderId, [{ sku, quantity: 3 }], 1)).json();
    expect(await inventory.level(sku, online)).toMatchObject({ available: 2 });

    await vi.waitFor(
      async () => expect(await inventory.level(sku, online)).toMatchObject({ reserved: 0, available: 5 }),
      { timeout: 10_000, interval: 100 },
    );
    await vi.waitFor(() => expect(inventory.eventsOf('stock.released', orderId)).toHaveLength(1));
    expect(inventory.eventsOf('stock.released', orderId)[0]?.data).toMatchObject({ reason: 'expired' });
    const late = await step(id, 'commit');
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ reservationStatus: 'released' });
  }, 30_000);
});
