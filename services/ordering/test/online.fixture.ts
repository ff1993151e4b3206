import type { Order, Payment, Product, StockLevel } from '@comptoir/contracts';
import type { HttpApp } from '@comptoir/platform';
import type { LightMyRequestResponse } from 'fastify';
import { vi } from 'vitest';
import type { Platform } from './platform.fixture.ts';
import { CARDS, expectStatus, type Headers } from './till.fixture.ts';

export const ONLINE = 'loc_online';

let serial = 0;
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${++serial}`;

export const ADDRESS = {
  name: 'Jeanne Tremblay',
  line1: '4521 rue Saint-Denis',
  city: 'Montréal',
  region: 'QC',
  postalCode: 'H2J 2L4',
  country: 'CA',
};

export const cardPayment = (number: string = CARDS.approved) => ({
  method: 'card',
  card: { number, expMonth: 12, expYear: 2099, cvc: '123' },
});

/** The shop's gestures through each service's own API: products online, customers, orders. */
export async function shopOf(platform: Platform) {
  const { apps, auth } = platform;
  const headOffice = await auth.headersFor({ subject: 'usr_head_office', roles: ['admin'] });
  const category = await expectStatus<{ id: string }>(apps.catalog, 201, {
    method: 'POST',
    url: '/categories',
    headers: headOffice,
    payload: { slug: `web-${unique()}`, name: 'Boutique en ligne' },
  });

  const shop = {
    headOffice,
    customer: (subject = `usr_customer_${unique()}`) => auth.headersFor({ subject, roles: ['customer'] }),
    seller: (subject = `usr_seller_${unique()}`) =>
      auth.headersFor({ subject, roles: ['seller'] }).then((headers) => ({ subject, headers })),

    /** A product of the catalog (a seller's when `seller` is given) with `stock` units online. */
    async product(price: number, stock: number, seller?: Headers): Promise<Product> {
      const product = await expectStatus<Product>(apps.catalog, 201, {
        method: 'POST',
        url: '/products',
        headers: seller ?? headOffice,
        payload: {
          sku: `WEB-${unique()}`.toUpperCase(),
          name: `Article ${unique()}`,
          price: { amount: price, currency: 'CAD' },
          categoryId: category.id,
        },
      });
      await vi.waitFor(
        async () => {
          const response = await apps.inventory.inject({ method: 'GET', url: `/stock/${product.sku}` });
          if (response.statusCode !== 200) throw new Error(`inventory does not know ${product.sku} yet`);
        },
        { timeout: 15_000, interval: 25 },
      );
      if (stock > 0) {
        await expectStatus(apps.inventory, 201, {
          method: 'POST',
          url: '/movements',
          headers: headOffice,
          payload: { kind: 'receive', sku: product.sku, locationId: ONLINE, quantity: stock },
        });
      }
      return product;
    },

    async reprice(product: Product, amount: number) {
      await expectStatus(apps.catalog, 200, {
        method: 'PATCH',
        url: `/products/${product.id}`,
        headers: { ...headOffice, 'if-match': `"${product.version}"` },
        payload: { price: { amount, currency: 'CAD' } },
      });
    },

    place(
      customer: Headers,
      body: Record<string, unknown>,
      key: string | null = `chk-${unique()}`,
      on: HttpApp = platform.ordering,
    ): Promise<LightMyRequestResponse> {
      return on.inject({
        method: 'POST',
        url: '/orders',
        headers: { ...customer, ...(key === null ? {} : { 'idempotency-key': key }) },
        payload: body,
      });
    },

    order(
      lines: { sku: string; quantity: number }[],
      card: string = CARDS.approved,
      extra: Record<string, unknown> = {},
    ) {
      return { lines, shippingAddress: ADDRESS, payment: cardPayment(card), ...extra };
    },

    get: (id: string, as: Headers = headOffice) =>
      expectStatus<Order>(platform.ordering, 200, { method: 'GET', url: `/orders/${id}`, headers: as }),

    /** Waits until the saga settled the order (confirmed or cancelled), and returns it. */
    async settled(id: string, timeout = 30_000): Promise<Order> {
      let order: Order | undefined;
      await vi.waitFor(
        async () => {
          order = await shop.get(id);
          if (order.status === 'pending') throw new Error(`order ${id} still pending`);
        },
        { timeout, interval: 50 },
      );
      return order as Order;
    },

    async level(sku: string): Promise<StockLevel> {
      const page = await expectStatus<{ items: StockLevel[] }>(apps.inventory, 200, {
        method: 'GET',
        url: `/stock?sku=${encodeURIComponent(sku)}&location=${ONLINE}`,
      });
      return page.items[0] ?? { sku, locationId: ONLINE, onHand: 0, reserved: 0, available: 0 };
    },

    async paymentsOf(orderId: string): Promise<Payment[]> {
      const page = await expectStatus<{ items: Payment[] }>(apps.payments, 200, {
        method: 'GET',
        url: `/payments?reference=order:${orderId}`,
        headers: headOffice,
      });
      return page.items;
    },

    eventsOf: (orderId: string) =>
      platform.events.filter((e) => e.subject === orderId && e.type.startsWith('order.')).map((e) => e.type),
  };
  return shop;
}

export type Shop = Awaited<ReturnType<typeof shopOf>>;
