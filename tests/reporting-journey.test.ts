/**
 * Reports through the gateway, every service real: sales at two stores' registers, a return and
 * an online order, then the report of those days — its figures are the sums of the sales made
 * (worked out from the sale responses), a manager sees only their store, the CSV says the same,
 * and a rebuild from the event log gives the same figures again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, newId, type Platform, startPlatform } from './support/platform.ts';

let platform: Platform;
const cad = (amount: number) => ({ amount, currency: 'CAD' });
const tag = Date.now().toString(36).toUpperCase();
const TIME_ZONE = 'America/Toronto';
const localDay = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(iso));

interface Shop {
  storeId: string;
  locationId: string;
  register: string;
  cashier: string;
  manager: string;
}
interface Money {
  amount: number;
}
interface SaleBody {
  id: string;
  storeId: string;
  total: Money;
  taxes: { amount: Money }[];
  lines: { sku: string; quantity: number; lineTotal: Money }[];
  completedAt: string;
}
interface Figures {
  salesCount: number;
  items: number;
  grossCents: number;
  taxesCents: number;
  refundsCount: number;
  refundsCents: number;
  netCents: number;
  averageBasketCents: number;
}
type Row = Figures & { day: string; storeId: string | null; storeName: string | null; channel: string };
interface SalesReport {
  rows: Row[];
  totals: Figures;
}

const products = { chair: { sku: `CHR-R-${tag}`, price: 1999 }, lamp: { sku: `LMP-R-${tag}`, price: 449 } };
let plateau: Shop;
let vieux: Shop;

async function openStore(code: string, name: string, lamps: number): Promise<Shop> {
  const { call, admin } = platform;
  const store = await call(
    'POST',
    '/stores/stores',
    { code: `${code}-${tag}`, name, district: 'Montréal', type: 'boutique' },
    admin,
  );
  expect(store.status).toBe(201);
  const storeId: string = store.body.id;
  const register = await call('POST', `/stores/stores/${storeId}/registers`, { name: 'Caisse 1' }, admin);
  expect(register.status).toBe(201);
  const locationId = await eventually(async () => {
    const found = await call('GET', `/inventory/locations?storeId=${storeId}`);
    return found.body.items?.[0]?.id as string | undefined;
  });
  const delivery = await call(
    'POST',
    '/inventory/receipts',
    {
      locationId,
      lines: [
        { sku: products.chair.sku, quantity: 20 },
        { sku: products.lamp.sku, quantity: lamps },
      ],
    },
    admin,
  );
  expect(delivery.status).toBe(201);
  return {
    storeId,
    locationId,
    register: register.body.id,
    cashier: (await platform.person(['cashier'], [storeId])).token,
    manager: (await platform.person(['store_manager'], [storeId])).token,
  };
}

beforeAll(async () => {
  platform = await startPlatform();
  const { call, admin } = platform;
  const category = await call(
    'POST',
    '/catalog/categories',
    { slug: `rapports-${tag.toLowerCase()}`, name: 'Rapports' },
    admin,
  );
  for (const [key, product] of Object.entries(products)) {
    const created = await call(
      'POST',
      '/catalog/products',
      {
        sku: product.sku,
        name: `${key} ${tag}`,
        description: 'Pour les rapports.',
        price: cad(product.price),
        categoryId: category.body.id,
        active: true,
      },
      admin,
    );
    expect(created.status).toBe(201);
    await eventually(async () =>
      (await call('GET', `/inventory/stock/${product.sku}`)).status === 200 ? true : undefined,
    );
  }
  // Six lamps at the Plateau: selling two takes it below the default threshold (5), a stock alert.
  plateau = await openStore('RAP-PLATEAU', 'Comptoir Plateau', 6);
  vieux = await openStore('RAP-VIEUX', 'Comptoir Vieux-Montréal', 20);
}, 240_000);

afterAll(() => platform?.close());

async function openSession(shop: Shop) {
  const opened = await platform.call(
    'POST',
    `/stores/registers/${shop.register}/sessions`,
    { openingFloat: cad(10_000) },
    shop.cashier,
  );
  expect(opened.status).toBe(201);
  return opened.body.id as string;
}

async function sell(
  shop: Shop,
  sessionId: string,
  lines: { sku: string; quantity: number }[],
  payment: object,
) {
  const cart = await platform.call('POST', '/cart/carts', { sessionId }, shop.cashier);
  expect(cart.status).toBe(201);
  for (const line of lines) {
    const added = await platform.call('POST', `/cart/carts/${cart.body.id}/lines`, line, shop.cashier);
    expect(added.status).toBeLessThan(300);
  }
  const saleId = newId('sal');
  const sale = await platform.call(
    'POST',
    '/ordering/sales',
    { saleId, cartId: cart.body.id, payment },
    shop.cashier,
    {
      'idempotency-key': saleId,
    },
  );
  expect(sale.status).toBe(201);
  return sale.body as SaleBody;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const taxesOf = (sale: { taxes: { amount: Money }[] }) => sum(sale.taxes.map((t) => t.amount.amount));
const itemsOf = (sale: { lines: { quantity: number }[] }) => sum(sale.lines.map((l) => l.quantity));

/** What a report row must say, from the sales and refunds as their own responses gave them. */
function expected(
  sales: { total: Money; taxes: { amount: Money }[]; lines: { quantity: number }[] }[],
  refunds: number[],
) {
  const gross = sum(sales.map((s) => s.total.amount));
  return {
    salesCount: sales.length,
    items: sum(sales.map(itemsOf)),
    grossCents: gross,
    taxesCents: sum(sales.map(taxesOf)),
    refundsCount: refunds.length,
    refundsCents: sum(refunds),
    netCents: gross - sum(refunds),
    averageBasketCents: sales.length === 0 ? 0 : Math.round(gross / sales.length),
  };
}

describe('the head office and store managers read the reports of the sales they made', () => {
  const made: { plateau: SaleBody[]; vieux: SaleBody[]; refunds: number[]; order?: SaleBody } = {
    plateau: [],
    vieux: [],
    refunds: [],
  };
  let range = '';
  let sessionId = '';

  it('POS sales at two stores, a return and an online order: the report’s figures are their sums', async () => {
    sessionId = await openSession(plateau);
    made.plateau.push(
      await sell(
        plateau,
        sessionId,
        [
          { sku: products.chair.sku, quantity: 2 },
          { sku: products.lamp.sku, quantity: 2 },
        ],
        {
          method: 'card',
          card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' },
        },
      ),
    );
    made.plateau.push(
      await sell(plateau, sessionId, [{ sku: products.chair.sku, quantity: 1 }], {
        method: 'cash',
        tendered: cad(5000),
      }),
    );
    made.vieux.push(
      await sell(vieux, await openSession(vieux), [{ sku: products.lamp.sku, quantity: 3 }], {
        method: 'cash',
        tendered: cad(5000),
      }),
    );

    const first = made.plateau[0]!;
    const returnId = newId('ret');
    const returned = await platform.call(
      'POST',
      `/ordering/sales/${first.id}/returns`,
      { returnId, sessionId, lines: [{ sku: products.chair.sku, quantity: 1 }] },
      plateau.cashier,
      { 'idempotency-key': returnId },
    );
    expect(returned.status).toBe(201);
    made.refunds.push(returned.body.refund.amount.amount);

    const customer = (await platform.person(['customer'])).token;
    await platform.call(
      'POST',
      '/inventory/receipts',
      { locationId: 'loc_online', lines: [{ sku: products.chair.sku, quantity: 5 }] },
      platform.admin,
    );
    const key = newId('chk');
    const placed = await platform.call(
      'POST',
      '/ordering/orders',
      {
        lines: [{ sku: products.chair.sku, quantity: 1 }],
        shippingAddress: {
          name: 'Jeanne',
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
      customer,
      { 'idempotency-key': key },
    );
    expect(placed.status).toBe(202);
    made.order = await eventually(async () => {
      const order = await platform.call(
        'GET',
        `/ordering/orders/${placed.body.orderId}`,
        undefined,
        customer,
      );
      return order.body?.status === 'confirmed' ? (order.body as SaleBody) : undefined;
    }, 30_000);

    const days = [...made.plateau, ...made.vieux].map((s) => localDay(s.completedAt)).sort();
    range = `from=${days[0]}&to=${localDay(new Date().toISOString())}`;
    const everything = [...made.plateau, ...made.vieux, made.order];
    // Reporting folds the events as they arrive: wait until the last of them is in.
    const report = await eventually(async () => {
      const answer = await platform.call<SalesReport>(
        'GET',
        `/reporting/sales?${range}`,
        undefined,
        platform.admin,
      );
      expect(answer.status).toBe(200);
      const { totals } = answer.body;
      return totals.salesCount === everything.length && totals.refundsCount === 1 ? answer.body : undefined;
    }, 30_000);

    const rowsOf = (storeId: string | null) => report.rows.filter((r) => r.storeId === storeId);
    const added = (rows: Row[]) =>
      Object.fromEntries(
        (
          [
            'salesCount',
            'items',
            'grossCents',
            'taxesCents',
            'refundsCount',
            'refundsCents',
            'netCents',
          ] as const
        ).map((k) => [k, sum(rows.map((r) => r[k]))]),
      );
    const { averageBasketCents: _a, ...plateauFigures } = expected(made.plateau, made.refunds);
    expect(added(rowsOf(plateau.storeId))).toEqual(plateauFigures);
    const { averageBasketCents: _b, ...vieuxFigures } = expected(made.vieux, []);
    expect(added(rowsOf(vieux.storeId))).toEqual(vieuxFigures);
    expect(rowsOf(plateau.storeId)[0]).toMatchObject({ storeName: 'Comptoir Plateau', channel: 'pos' });
    expect(rowsOf(null).map((r) => r.channel)).toEqual(['online']);
    expect(report.totals).toEqual(expected(everything, made.refunds));

    const top = await platform.call(
      'GET',
      `/reporting/top-products?${range}&by=quantity`,
      undefined,
      platform.admin,
    );
    const sold = (sku: string) =>
      sum(everything.flatMap((s) => s.lines.filter((l) => l.sku === sku).map((l) => l.quantity)));
    const ranked = [products.chair.sku, products.lamp.sku]
      .map((sku) => ({ sku, quantity: sold(sku) }))
      .sort((a, b) => b.quantity - a.quantity);
    expect(top.body.items).toEqual(ranked.map((p) => expect.objectContaining(p)));
  });

  it('a store manager sees their own store only; another store or a cashier is refused', async () => {
    const mine = await platform.call<SalesReport>(
      'GET',
      `/reporting/sales?${range}`,
      undefined,
      plateau.manager,
    );
    expect(mine.status).toBe(200);
    expect(new Set(mine.body.rows.map((r) => r.storeId))).toEqual(new Set([plateau.storeId]));
    expect(mine.body.totals).toEqual(expected(made.plateau, made.refunds));

    const other = await platform.call(
      'GET',
      `/reporting/sales?${range}&store=${vieux.storeId}`,
      undefined,
      plateau.manager,
    );
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect((await platform.call('GET', `/reporting/sales?${range}`, undefined, plateau.cashier)).status).toBe(
      403,
    );
    expect((await platform.call('GET', `/reporting/sales?${range}`)).status).toBe(401);
  });

  it('the lamps sold below their threshold show as a stock alert to the Plateau’s manager, not to the other store’s', async () => {
    const alerts = await eventually(async () => {
      const answer = await platform.call('GET', '/reporting/stock-alerts', undefined, plateau.manager);
      return answer.body.items.length > 0 ? answer.body.items : undefined;
    }, 30_000);
    expect(alerts).toEqual([
      expect.objectContaining({
        sku: products.lamp.sku,
        locationId: plateau.locationId,
        storeId: plateau.storeId,
        available: 4,
        threshold: 5,
      }),
    ]);
    const elsewhere = await platform.call('GET', '/reporting/stock-alerts', undefined, vieux.manager);
    expect(elsewhere.body.items).toEqual([]);
  });

  it('a closed session shows its count and difference', async () => {
    const closed = await platform.call(
      'POST',
      `/stores/sessions/${sessionId}/close`,
      { countedCash: cad(10_000) },
      plateau.manager,
    );
    expect(closed.status).toBe(200);
    const session = await eventually(async () => {
      const answer = await platform.call(
        'GET',
        `/reporting/sessions?${range}&store=${plateau.storeId}`,
        undefined,
        plateau.manager,
      );
      return answer.body.items.find(
        (s: { sessionId: string; status: string }) => s.sessionId === sessionId && s.status === 'closed',
      );
    }, 30_000);
    expect(session).toMatchObject({
      expectedCashCents: closed.body.expectedCash.amount,
      countedCashCents: 10_000,
      differenceCents: closed.body.differenceCents,
    });
  });

  it('the CSV export has the same figures', async () => {
    const json = await platform.call<SalesReport>(
      'GET',
      `/reporting/sales?${range}`,
      undefined,
      platform.admin,
    );
    const response = await fetch(`${platform.api}/reporting/sales?${range}`, {
      headers: { authorization: `Bearer ${platform.admin}`, accept: 'text/csv' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const [header, ...lines] = (await response.text()).trim().split('\n');
    const columns = (header ?? '').split(',');
    const column = (name: string) => lines.map((line) => Number(line.split(',')[columns.indexOf(name)]));
    for (const figure of ['salesCount', 'grossCents', 'taxesCents', 'refundsCents', 'netCents'] as const) {
      expect(sum(column(figure)), figure).toBe(json.body.totals[figure]);
    }
  });

  it('a rebuild from the event log gives the same figures; only head office may ask for one', async () => {
    const reads = [
      `/reporting/sales?${range}`,
      `/reporting/top-products?${range}`,
      `/reporting/sessions?${range}`,
      '/reporting/stock-alerts',
    ];
    const snapshot = () =>
      Promise.all(
        reads.map(async (path) => (await platform.call('GET', path, undefined, platform.admin)).body),
      );
    const before = await snapshot();
    expect((await platform.call('POST', '/reporting/admin/rebuild', undefined, plateau.manager)).status).toBe(
      403,
    );
    const rebuilt = await platform.call('POST', '/reporting/admin/rebuild', undefined, platform.admin);
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body.events).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
  });
});
