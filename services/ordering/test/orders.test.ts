import type { Order } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Shop, shopOf } from './online.fixture.ts';
import { type Platform, START_TIMEOUT_MS, startPlatform } from './platform.fixture.ts';
import { bodyOf, expectStatus, type Headers } from './till.fixture.ts';

type Page<T> = { items: T[]; nextCursor: string | null };

let platform: Platform;
let shop: Shop;

beforeAll(async () => {
  platform = await startPlatform();
  shop = await shopOf(platform);
}, START_TIMEOUT_MS);
afterAll(() => platform?.close());

async function confirmedOrder(customer: Headers, lines: { sku: string; quantity: number }[]): Promise<Order> {
  const { orderId } = bodyOf<{ orderId: string }>(await shop.place(customer, shop.order(lines)), 202);
  const order = await shop.settled(orderId);
  expect(order.status).toBe('confirmed');
  return order;
}

const list = <T>(url: string, headers: Headers) =>
  expectStatus<Page<T>>(platform.ordering, 200, { method: 'GET', url, headers });

describe('who reads which order', () => {
  it('a customer lists their own orders, newest first, page by page; another customer sees none of them', async () => {
    const chair = await shop.product(1000, 20);
    const customer = await shop.customer();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await confirmedOrder(customer, [{ sku: chair.sku, quantity: 1 }])).id);

    const first = await list<Order>('/orders?limit=2', customer);
    expect(first.items.map((order) => order.id)).toEqual([ids[2], ids[1]]);
    const second = await list<Order>(`/orders?limit=2&cursor=${first.nextCursor}`, customer);
    expect(second.items.map((order) => order.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();

    const stranger = await shop.customer();
    expect((await list<Order>('/orders', stranger)).items).toEqual([]);
    const hidden = await platform.ordering.inject({
      method: 'GET',
      url: `/orders/${ids[0]}`,
      headers: stranger,
    });
    expect(bodyOf(hidden, 404)).toMatchObject({ code: 'ORDERING_ORDER_NOT_FOUND' });
    // A customer's filters cannot reach someone else's orders.
    const sneaky = await list<Order>(`/orders?customerId=usr_head_office`, stranger);
    expect(sneaky.items).toEqual([]);
  });

  it('head office lists every order by status and customer', async () => {
    const chair = await shop.product(1000, 1);
    const subject = `usr_filtered_${Date.now()}`;
    const customer = await shop.customer(subject);
    const ok = await confirmedOrder(customer, [{ sku: chair.sku, quantity: 1 }]);
    const { orderId: shortId } = bodyOf<{ orderId: string }>(
      await shop.place(customer, shop.order([{ sku: chair.sku, quantity: 1 }])),
      202,
    );
    await shop.settled(shortId);
    const cancelled = await list<Order>(`/orders?status=cancelled&customerId=${subject}`, shop.headOffice);
    expect(cancelled.items.map((order) => order.id)).toEqual([shortId]);
    const all = await list<Order>(`/orders?customerId=${subject}`, shop.headOffice);
    expect(all.items.map((order) => order.id)).toEqual([shortId, ok.id]);
    const future = await list<Order>(
      `/orders?customerId=${subject}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
      shop.headOffice,
    );
    expect(future.items).toEqual([]);
  });
});

describe('sellers ship their lines', () => {
  it('a seller sees their sales, ships their lines; the order follows its lines to delivered', async () => {
    const jeanne = await shop.seller();
    const marc = await shop.seller();
    const vase = await shop.product(3000, 5, jeanne.headers);
    const bowl = await shop.product(1500, 5, marc.headers);
    const customer = await shop.customer();
    const order = await confirmedOrder(customer, [
      { sku: vase.sku, quantity: 2 },
      { sku: bowl.sku, quantity: 1 },
    ]);
    expect(order.lines.map((line) => line.sellerId)).toEqual([jeanne.subject, marc.subject]);

    const sales = await list<{ orderId: string; lines: { sku: string }[]; total: { amount: number } }>(
      '/seller/sales',
      jeanne.headers,
    );
    expect(sales.items).toEqual([
      expect.objectContaining({
        orderId: order.id,
        lines: [expect.objectContaining({ sku: vase.sku })],
        total: { amount: 6000, currency: 'CAD' },
      }),
    ]);
    // The seller sees the order (a line of theirs is in it); a seller with no line does not.
    await shop.get(order.id, jeanne.headers);
    const outsider = await shop.seller();
    expect(
      (
        await platform.ordering.inject({
          method: 'GET',
          url: `/orders/${order.id}`,
          headers: outsider.headers,
        })
      ).statusCode,
    ).toBe(404);

    const ship = (seller: Headers, skus: string[]) =>
      platform.ordering.inject({
        method: 'POST',
        url: `/orders/${order.id}/shipments`,
        headers: seller,
        payload: { skus, carrier: 'Postes Canada', trackingNumber: `PC-${skus.join('-')}` },
      });
    expect(bodyOf(await ship(jeanne.headers, [bowl.sku]), 422)).toMatchObject({
      code: 'ORDERING_SHIPMENT_REFUSED',
    });
    const partly = bodyOf<Order>(await ship(jeanne.headers, [vase.sku]), 201);
    expect(partly.status).toBe('partially_shipped');
    expect(bodyOf(await ship(jeanne.headers, [vase.sku]), 422)).toMatchObject({
      code: 'ORDERING_SHIPMENT_REFUSED',
    });
    const shipped = bodyOf<Order>(await ship(marc.headers, [bowl.sku]), 201);
    expect(shipped.status).toBe('shipped');
    expect(shipped.shipments.map((s) => [s.sellerId, s.skus])).toEqual([
      [jeanne.subject, [vase.sku]],
      [marc.subject, [bowl.sku]],
    ]);

    const deliver = (seller: Headers, shipmentId: string) =>
      platform.ordering.inject({
        method: 'POST',
        url: `/orders/${order.id}/shipments/${shipmentId}/delivered`,
        headers: seller,
      });
    const [first, second] = shipped.shipments;
    expect(bodyOf<Order>(await deliver(jeanne.headers, first?.id ?? ''), 200).status).toBe('shipped');
    expect((await deliver(jeanne.headers, second?.id ?? '')).statusCode).toBe(404); // marc's shipment
    const delivered = bodyOf<Order>(await deliver(marc.headers, second?.id ?? ''), 200);
    expect(delivered.status).toBe('delivered');
    expect(delivered.history.map((step) => step.status)).toEqual([
      'pending',
      'confirmed',
      'partially_shipped',
      'shipped',
      'delivered',
    ]);
    await vi.waitFor(() =>
      expect(shop.eventsOf(order.id)).toEqual([
        'order.placed',
        'order.confirmed',
        'order.shipped',
        'order.shipped',
        'order.delivered',
      ]),
    );
    // The customer follows it on their own order.
    expect((await shop.get(order.id, customer)).status).toBe('delivered');
  });

  it('a pending or cancelled order does not ship', async () => {
    const jeanne = await shop.seller();
    const vase = await shop.product(3000, 0, jeanne.headers);
    const { orderId } = bodyOf<{ orderId: string }>(
      await shop.place(await shop.customer(), shop.order([{ sku: vase.sku, quantity: 1 }])),
      202,
    );
    expect((await shop.settled(orderId)).status).toBe('cancelled');
    const refused = await platform.ordering.inject({
      method: 'POST',
      url: `/orders/${orderId}/shipments`,
      headers: jeanne.headers,
      payload: { skus: [vase.sku], carrier: 'Postes Canada', trackingNumber: 'PC-1' },
    });
    expect(bodyOf(refused, 422)).toMatchObject({ code: 'ORDERING_SHIPMENT_REFUSED' });
  });
});
