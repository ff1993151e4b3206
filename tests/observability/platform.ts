/**
 * Every service of the platform in this process, each on its own ephemeral port as a replica
 * would be, behind the real gateway — for the observability checks, which scrape what they
 * really export. Databases, caches and the bus are the test kit's: the real servers when
 * COMPTOIR_* are set, embedded otherwise. Tokens are the test kit's (no sign-in needed).
 */
import { randomUUID } from 'node:crypto';
import { cart } from '@comptoir/cart';
import { catalog } from '@comptoir/catalog';
import { gateway } from '@comptoir/gateway';
import { identity } from '@comptoir/identity';
import { inventory } from '@comptoir/inventory';
import { notifications } from '@comptoir/notifications';
import { ordering } from '@comptoir/ordering';
import { payments } from '@comptoir/payments';
import {
  type BuiltService,
  buildService,
  type ServiceDefinition,
  type TProperties,
} from '@comptoir/platform';
import { testAuth, testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import { reporting } from '@comptoir/reporting';
import { stores } from '@comptoir/stores';

/** One running service: its name (the Prometheus job) and where its /metrics answers. */
export interface RunningService {
  name: string;
  port: number;
  url: string;
}

export interface ObservedPlatform {
  services: RunningService[];
  /** Sends some real traffic through the gateway, so series created on first use exist. */
  exercise(): Promise<void>;
  /** Each service's /metrics text, by service name. */
  scrape(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export async function startObservedPlatform(): Promise<ObservedPlatform> {
  const base: Record<string, string | undefined> = {
    ...process.env,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
  };
  delete base.COMPTOIR_SMTP_URL;
  const auth = await testAuth();
  const bus = await testBus();
  const running: BuiltService[] = [];
  const resourcesToClose: Array<{ close(): Promise<void> }> = [];
  const services: RunningService[] = [];
  const opened = <T extends { close(): Promise<void> }>(resource: T): T => {
    resourcesToClose.push(resource);
    return resource;
  };

  async function start<P extends TProperties>(
    definition: ServiceDefinition<P>,
    env: Record<string, string | undefined>,
    resources: { db?: boolean; cache?: boolean; bus?: boolean } = { db: true, cache: true, bus: true },
  ): Promise<string> {
    const service = await buildService(definition, {
      env,
      tokenVerifier: auth.verifier,
      ...(resources.db ? { db: opened(await testDatabase(definition.name)) } : {}),
      ...(resources.cache ? { cache: opened(await testCache(definition.name)) } : {}),
      ...(resources.bus ? { bus } : {}),
    });
    running.push(service);
    const url = await service.listen();
    services.push({ name: definition.name, port: Number(new URL(url).port), url });
    return url;
  }

  const identityUrl = await start(identity, base);
  const catalogUrl = await start(catalog, base);
  const inventoryUrl = await start(inventory, { ...base, INVENTORY_LOW_STOCK_THRESHOLD: '5' });
  const storesUrl = await start(stores, base);
  const paymentsUrl = await start(payments, base);
  const notificationsUrl = await start(notifications, base);
  const reportingUrl = await start(reporting, base);
  const cartUrl = await start(
    cart,
    { ...base, CART_CATALOG_URL: catalogUrl, CART_STORES_URL: storesUrl },
    { cache: true },
  );
  const orderingUrl = await start(ordering, {
    ...base,
    ORDERING_CART_URL: cartUrl,
    ORDERING_STORES_URL: storesUrl,
    ORDERING_INVENTORY_URL: inventoryUrl,
    ORDERING_PAYMENTS_URL: paymentsUrl,
    ORDERING_CATALOG_URL: catalogUrl,
    ORDERING_TOKEN_URL: `${identityUrl}/oauth/token`,
  });
  const api = `${await start(
    gateway,
    {
      ...base,
      IDENTITY_URLS: identityUrl,
      CATALOG_URLS: catalogUrl,
      INVENTORY_URLS: inventoryUrl,
      STORES_URLS: storesUrl,
      CART_URLS: cartUrl,
      ORDERING_URLS: orderingUrl,
      PAYMENTS_URLS: paymentsUrl,
      NOTIFICATIONS_URLS: notificationsUrl,
      REPORTING_URLS: reportingUrl,
      GATEWAY_HEALTH_INTERVAL_MS: '200',
      GATEWAY_RATE_LIMIT: 'off',
    },
    {},
  )}/api`;

  const admin = await auth.tokenFor({ subject: 'usr_siege', roles: ['admin'] });
  const cashier = await auth.tokenFor({
    subject: 'usr_caissiere',
    roles: ['cashier'],
    storeIds: ['sto_obs'],
  });

  async function call(method: string, path: string, token?: string, body?: unknown, key?: string) {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    const response = await fetch(`${api}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  async function eventuallyFound<T>(probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error('never appeared');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  async function expectCall(
    status: number,
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    key?: string,
  ) {
    const answer = await call(method, path, token, body, key);
    if (answer.status !== status) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body;
  }

  return {
    services,
    async exercise() {
      const tag = randomUUID().slice(0, 8);
      // Catalog: a category and a product (product.created goes through the outbox to inventory).
      const category = await expectCall(201, 'POST', '/catalog/categories', admin, {
        slug: `obs-${tag}`,
        name: 'Observabilité',
      });
      const sku = `OBS-${tag}`.toUpperCase();
      const product = await expectCall(201, 'POST', '/catalog/products', admin, {
        sku,
        name: 'Sonde',
        price: { amount: 1999, currency: 'CAD' },
        categoryId: category.id,
      });
      await expectCall(200, 'GET', `/catalog/products/${product.id}`);
      await expectCall(200, 'GET', `/catalog/products/${product.id}`);
      await call('GET', '/catalog/products/prod_unknown');

      // Inventory: a store's location, stock received once the sku is known, then a breakage
      // that takes it under the threshold (stock.low).
      const location = await expectCall(201, 'POST', '/inventory/locations', admin, {
        type: 'store',
        name: `Magasin ${tag}`,
        storeId: `sto_${tag}`,
      });
      const receive = { kind: 'receive', sku, locationId: location.id, quantity: 10 };
      const deadline = Date.now() + 20_000;
      for (;;) {
        const answer = await call('POST', '/inventory/movements', admin, receive);
        if (answer.status === 201) break;
        if (Date.now() > deadline)
          throw new Error(`inventory never learned ${sku}: ${JSON.stringify(answer.body)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await expectCall(201, 'POST', '/inventory/movements', admin, {
        kind: 'adjust',
        sku,
        locationId: location.id,
        quantity: -8,
        reason: 'casse',
      });
      await expectCall(200, 'GET', `/inventory/stock?sku=${sku}`);
      await expectCall(200, 'GET', `/inventory/stock?sku=${sku}`);

      // Payments: cash at a register, then part of it refunded.
      const payment = await expectCall(
        201,
        'POST',
        '/payments/payments',
        cashier,
        {
          amount: { amount: 1337, currency: 'CAD' },
          method: 'cash',
          reference: { kind: 'sale', id: `sale_${tag}` },
          tendered: { amount: 2000, currency: 'CAD' },
        },
        randomUUID(),
      );
      await expectCall(
        201,
        'POST',
        `/payments/payments/${payment.id}/refunds`,
        cashier,
        { amount: { amount: 400, currency: 'CAD' } },
        randomUUID(),
      );
      // A sale at a register and a return of it (sales, revenue and returns on the business
      // dashboard), then an online order placed (orders by status).
      const store = await expectCall(201, 'POST', '/stores/stores', admin, {
        code: `OBS-${tag}`.toUpperCase(),
        name: `Magasin ${tag}`,
        type: 'boutique',
      });
      const staff = await auth.tokenFor({
        subject: 'usr_caissier',
        roles: ['cashier'],
        storeIds: [store.id],
      });
      const register = await expectCall(201, 'POST', `/stores/stores/${store.id}/registers`, admin, {
        name: 'Caisse 1',
      });
      const storeLocation = await eventuallyFound(async () => {
        const page = await call('GET', `/inventory/locations?storeId=${store.id}`);
        return page.body?.items?.[0];
      });
      await expectCall(201, 'POST', '/inventory/receipts', admin, {
        locationId: storeLocation.id,
        lines: [{ sku, quantity: 10 }],
      });
      const session = await expectCall(201, 'POST', `/stores/registers/${register.id}/sessions`, staff, {
        openingFloat: { amount: 10_000, currency: 'CAD' },
      });
      const basket = await expectCall(201, 'POST', '/cart/carts', staff, { sessionId: session.id });
      await expectCall(200, 'POST', `/cart/carts/${basket.id}/lines`, staff, { sku, quantity: 1 });
      const saleId = `sal_0${randomUUID()
        .replaceAll('-', '')
        .slice(0, 25)
        .toUpperCase()
        .replace(/[ILOU]/g, '0')}`;
      const sale = await expectCall(
        201,
        'POST',
        '/ordering/sales',
        staff,
        {
          saleId,
          cartId: basket.id,
          payment: { method: 'cash', tendered: { amount: 5000, currency: 'CAD' } },
        },
        saleId,
      );
      const returnId = `ret_${saleId.slice(4)}`;
      await expectCall(
        201,
        'POST',
        `/ordering/sales/${sale.id}/returns`,
        staff,
        { returnId, lines: [{ sku, quantity: 1 }] },
        returnId,
      );
      await expectCall(201, 'POST', '/inventory/receipts', admin, {
        locationId: 'loc_online',
        lines: [{ sku, quantity: 5 }],
      });
      const shopper = await auth.tokenFor({ subject: 'usr_cliente', roles: ['customer'] });
      await expectCall(
        202,
        'POST',
        '/ordering/orders',
        shopper,
        {
          lines: [{ sku, quantity: 1 }],
          shippingAddress: {
            name: 'Cliente',
            line1: '1, rue Rachel',
            city: 'Montréal',
            region: 'QC',
            postalCode: 'H2J 2J3',
            country: 'CA',
          },
          payment: {
            method: 'card',
            card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' },
          },
        },
        randomUUID(),
      );

      // Stores' public locator, and a request refused at the edge.
      await expectCall(200, 'GET', '/stores/stores');
      await call('GET', '/ordering/sales');
    },
    async scrape() {
      const texts = new Map<string, string>();
      for (const service of services) {
        const response = await fetch(`${service.url}/metrics`);
        if (!response.ok) throw new Error(`${service.name} /metrics answered ${response.status}`);
        texts.set(service.name, await response.text());
      }
      return texts;
    },
    async close() {
      for (const service of running.reverse()) await service.close();
      for (const resource of resourcesToClose.reverse()) await resource.close();
      await bus.close();
    },
  };
}
