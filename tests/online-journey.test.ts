/**
 * The online shop, through the gateway only, with every service real (RabbitMQ when
 * COMPTOIR_AMQP_URL is set): a newcomer signs up, verifies, checks out with a card, and the
 * order goes from pending to confirmed through the saga in ordering's workers — or is cancelled
 * with its reason, nothing charged, the stock back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Platform, startPlatform } from './support/platform.ts';

let platform: Platform;
const cad = (amount: number) => ({ amount, currency: 'CAD' });
const tag = Date.now().toString(36).toUpperCase();
const address = {
  name: 'Jeanne Tremblay',
  line1: '1234, rue Rachel Est',
  city: 'Montréal',
  region: 'QC',
  postalCode: 'H2J 2J3',
  country: 'CA',
};
const card = (number: string) => ({
  method: 'card',
  card: { number, expMonth: 12, expYear: 2030, cvc: '123' },
});
const product = { sku: `LMP-WEB-${tag}`, id: '' };
let customer: string;
let customerEmail: string;

/**
 * Follows an order's live tracking through the gateway (Server-Sent Events) and collects the
 * statuses streamed until `last` arrives, or the time runs out.
 */
async function track(orderId: string, last: string, timeoutMs = 15_000): Promise<string[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seen: string[] = [];
  try {
    const response = await fetch(`${platform.api}/notifications/orders/${orderId}/events`, {
      headers: { authorization: `Bearer ${customer}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;

      let end = buffered.indexOf('\n\n');
      while (end >= 0) {
        const data = buffered
          .slice(0, end)
          .split('\n')
          .find((line) => line.startsWith('data:'));
        buffered = buffered.slice(end + 2);
        if (data) seen.push(JSON.parse(data.slice(5)).status);
        end = buffered.indexOf('\n\n');
      }
      if (seen.includes(last)) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return seen;
}

async function onlineStock(sku: string): Promise<number> {
  const stock = await platform.call('GET', `/inventory/stock/${sku}`);
  return (
    stock.body.levels.find((level: { locationId: string }) => level.locationId === 'loc_online')?.onHand ?? 0
  );
}

/** Signs up through the public API, follows the link in the mailbox, signs in. */
async function signUp(): Promise<string> {
  const email = `jeanne.${tag.toLowerCase()}@example.test`;
  customerEmail = email;
  const password = 'un-mot-de-passe-solide-42';
  expect(
    (await platform.call('POST', '/identity/users', { email, password, displayName: 'Jeanne' })).status,
  ).toBe(201);
  const summary = await eventually(async () => {
    const mailbox = await platform.call('GET', `/notifications/mailbox?to=${encodeURIComponent(email)}`);
    return mailbox.body?.items?.[0];
  });
  const message = await platform.call('GET', `/notifications/mailbox/${summary.id}`);
  const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(message.body.text)?.[1];
  expect((await platform.call('POST', '/identity/verifications', { token })).status).toBeLessThan(300);
  return platform.signIn(email, password);
}

async function checkout(lines: object[], payment: object, expectedTotal?: object) {
  const key = `checkout-${Math.random().toString(36).slice(2)}`;
  return platform.call(
    'POST',
    '/ordering/orders',
    { lines, shippingAddress: address, payment, ...(expectedTotal ? { expectedTotal } : {}) },
    customer,
    { 'idempotency-key': key },
  );
}

async function settled(orderId: string) {
  return eventually(async () => {
    const order = await platform.call('GET', `/ordering/orders/${orderId}`, undefined, customer);
    return order.body?.status && order.body.status !== 'pending' ? order.body : undefined;
  }, 30_000);
}

beforeAll(async () => {
  platform = await startPlatform();
  const { call, admin } = platform;
  const category = await call(
    'POST',
    '/catalog/categories',
    { slug: `web-${tag.toLowerCase()}`, name: 'Web' },
    admin,
  );
  const created = await call(
    'POST',
    '/catalog/products',
    {
      sku: product.sku,
      name: `Lampe de bureau ${tag}`,
      description: 'Lampe articulée.',
      price: cad(3999),
      categoryId: category.body.id,
      active: true,
    },
    admin,
  );
  product.id = created.body.id;
  await eventually(async () =>
    (await call('GET', `/inventory/stock/${product.sku}`)).status === 200 ? true : undefined,
  );
  const delivery = await call(
    'POST',
    '/inventory/receipts',
    { locationId: 'loc_online', lines: [{ sku: product.sku, quantity: 5 }] },
    admin,
  );
  expect(delivery.status).toBe(201);
  customer = await signUp();
}, 240_000);

afterAll(() => platform?.close());

describe('a customer checks out online', () => {
  it('fills a cart before signing in, finds it merged after, pays with the approving card: pending, then confirmed, and the online stock fell', async () => {
    const anonymous = await platform.call('POST', '/cart/carts', { channel: 'online' });
    expect(anonymous.status).toBe(201);
    const visitor = { 'x-cart-token': anonymous.body.cartToken as string };
    const filled = await platform.call(
      'POST',
      `/cart/carts/${anonymous.body.id}/lines`,
      { sku: product.sku, quantity: 2 },
      undefined,
      visitor,
    );
    expect(filled.status).toBeLessThan(300);
    const merged = await platform.call(
      'POST',
      '/cart/carts/mine/merge',
      { cartId: anonymous.body.id },
      customer,
      visitor,
    );
    expect(merged.status).toBe(200);
    const cart = merged.body.cart;
    expect(cart.lines).toEqual([expect.objectContaining({ sku: product.sku, quantity: 2 })]);
    // 2 × 39,99 = 79,98; TPS 4,00 (3,999); TVQ 7,98 (7,978) → 91,96.
    expect(cart.total).toEqual(cad(9196));
    const repriced = await platform.call('POST', `/cart/carts/${cart.id}/reprice`, undefined, customer);
    expect(repriced.body.changes).toEqual([]);

    const lines = cart.lines.map((line: { sku: string; quantity: number }) => ({
      sku: line.sku,
      quantity: line.quantity,
    }));
    const placed = await checkout(lines, card('4242 4242 4242 4242'), cart.total);
    expect(placed.status).toBe(202);
    expect(placed.body).toEqual({ orderId: expect.stringMatching(/^ord_/), status: 'pending' });
    // The customer follows the order live: every status from pending to confirmed, in order.
    expect(await track(placed.body.orderId, 'confirmed')).toEqual(['pending', 'confirmed']);
    const order = await settled(placed.body.orderId);
    expect(order.status).toBe('confirmed');
    expect(order.total).toEqual(cad(9196));
    expect(order.history.map((h: { status: string }) => h.status)).toEqual(['pending', 'confirmed']);
    expect(order.payment).toMatchObject({ status: 'succeeded', card: { last4: '4242' } });
    expect(await onlineStock(product.sku)).toBe(3);
    const confirmation = await eventually(async () => {
      const mailbox = await platform.call(
        'GET',
        `/notifications/mailbox?to=${encodeURIComponent(customerEmail)}`,
      );
      return mailbox.body?.items?.find(
        (m: { eventType: string; subject: string }) => m.eventType === 'order.confirmed',
      );
    });
    expect(confirmation.subject).toContain('Votre commande est confirmée');

    const page = await platform.call('GET', `/views/orders/${placed.body.orderId}`, undefined, customer);
    expect(page.status).toBe(200);
    expect(page.body.order.id).toBe(placed.body.orderId);
    expect(page.body.products[product.id]).toMatchObject({ sku: product.sku });
  });

  it('sees a price the head office changed before paying, and the old total is refused', async () => {
    const { body: mine } = await platform.call('POST', '/cart/carts', { channel: 'online' }, customer);
    await platform.call('POST', `/cart/carts/${mine.id}/lines`, { sku: product.sku, quantity: 1 }, customer);
    const before = await platform.call('GET', `/cart/carts/${mine.id}`, undefined, customer);
    const changed = await platform.call(
      'PATCH',
      `/catalog/products/${product.id}`,
      { price: cad(4499) },
      platform.admin,
    );
    expect(changed.status).toBe(200);
    const repriced = await platform.call('POST', `/cart/carts/${mine.id}/reprice`, undefined, customer);
    expect(repriced.body.changes).toEqual([{ sku: product.sku, from: cad(3999), to: cad(4499) }]);
    const stale = await checkout(
      [{ sku: product.sku, quantity: 1 }],
      card('4242 4242 4242 4242'),
      before.body.total,
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('ORDERING_PRICE_CHANGED');
    expect(await onlineStock(product.sku)).toBe(3);
  });

  it('with a declined card: cancelled with its reason, stock back, nothing charged', async () => {
    const placed = await checkout([{ sku: product.sku, quantity: 1 }], card('4000 0000 0000 0002'));
    expect(placed.status).toBe(202);
    const order = await settled(placed.body.orderId);
    expect(order).toMatchObject({ status: 'cancelled', cancelReason: 'payment_declined' });
    expect(order.payment.status).not.toBe('succeeded');
    await eventually(async () => ((await onlineStock(product.sku)) === 3 ? true : undefined));
    const reserved = await platform.call('GET', `/inventory/stock/${product.sku}`);
    expect(
      reserved.body.levels.find((l: { locationId: string }) => l.locationId === 'loc_online').reserved,
    ).toBe(0);
  });

  it('asking for more than there is: cancelled out_of_stock, nothing charged', async () => {
    const placed = await checkout([{ sku: product.sku, quantity: 50 }], card('4242 4242 4242 4242'));
    const order = await settled(placed.body.orderId);
    expect(order).toMatchObject({ status: 'cancelled', cancelReason: 'out_of_stock' });
    expect(order.payment.id).toBeNull();
    expect(await onlineStock(product.sku)).toBe(3);
  });

  it("does not show one customer's order to another", async () => {
    const placed = await checkout([{ sku: product.sku, quantity: 1 }], card('4242 4242 4242 4242'));
    const stranger = await platform.person(['customer']);
    expect(
      (await platform.call('GET', `/ordering/orders/${placed.body.orderId}`, undefined, stranger.token))
        .status,
    ).toBe(404);
    expect(
      (await platform.call('GET', `/views/orders/${placed.body.orderId}`, undefined, stranger.token)).status,
    ).toBe(404);
    await settled(placed.body.orderId);
  });
});
