/**
 * The store, through the gateway only, with every service real: a cashier's shift from opening
 * the drawer to the Z report, the head office's price change reaching another store's next sale,
 * the last unit sold at two registers at once, and a sale sent twenty times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, newId, type Platform, startPlatform } from './support/platform.ts';

let platform: Platform;
const cad = (amount: number) => ({ amount, currency: 'CAD' });

interface Shop {
  storeId: string;
  locationId: string;
  registers: string[];
  cashier: string;
  manager: string;
}

const products: Record<'chair' | 'lamp' | 'vase', { id: string; sku: string }> = {} as never;
let plateau: Shop;
let vieux: Shop;
const tag = Date.now().toString(36).toUpperCase();

async function openStore(code: string, name: string): Promise<Shop> {
  const { call, admin } = platform;
  const store = await call(
    'POST',
    '/stores/stores',
    {
      code: `${code}-${tag}`,
      name,
      district: 'Montréal',
      type: 'boutique',
      address: '1, rue du Test, Montréal (Québec)',
    },
    admin,
  );
  expect(store.status).toBe(201);
  const storeId: string = store.body.id;
  const registers: string[] = [];
  for (const register of ['Caisse 1', 'Caisse 2']) {
    const created = await call('POST', `/stores/stores/${storeId}/registers`, { name: register }, admin);
    expect(created.status).toBe(201);
    registers.push(created.body.id);
  }
  // Inventory makes the store's location when it hears `store.created`.
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
        { sku: products.chair.sku, quantity: 10 },
        { sku: products.lamp.sku, quantity: 10 },
        { sku: products.vase.sku, quantity: 1 },
      ],
    },
    admin,
  );
  expect(delivery.status).toBe(201);
  const cashier = (await platform.person(['cashier'], [storeId])).token;
  const manager = (await platform.person(['store_manager'], [storeId])).token;
  return { storeId, locationId, registers, cashier, manager };
}

async function newProduct(name: string, sku: string, cents: number, categoryId: string) {
  const created = await platform.call(
    'POST',
    '/catalog/products',
    {
      sku,
      name,
      description: `${name} de démonstration`,
      price: cad(cents),
      categoryId,
      active: true,
    },
    platform.admin,
  );
  expect(created.status).toBe(201);
  return { id: created.body.id as string, sku };
}

beforeAll(async () => {
  platform = await startPlatform();
  const category = await platform.call(
    'POST',
    '/catalog/categories',
    { slug: `maison-${tag.toLowerCase()}`, name: 'Maison' },
    platform.admin,
  );
  products.chair = await newProduct(`Chaise Pliante ${tag}`, `CHR-${tag}`, 1999, category.body.id);
  products.lamp = await newProduct(`Lampe Bouillotte ${tag}`, `LMP-${tag}`, 449, category.body.id);
  products.vase = await newProduct(`Vase Unique ${tag}`, `VAS-${tag}`, 12_75, category.body.id);
  // Inventory learns the skus from `product.created` before it accepts a delivery of them.
  await eventually(async () => {
    const known = await platform.call('GET', `/inventory/stock/${products.vase.sku}`);
    return known.status === 200 ? true : undefined;
  });
  plateau = await openStore('PLATEAU', 'Comptoir Plateau');
  vieux = await openStore('VIEUX', 'Comptoir Vieux-Montréal');
}, 240_000);

afterAll(() => platform?.close());

async function openSession(shop: Shop, register: string, token: string, float = 20_000) {
  const opened = await platform.call(
    'POST',
    `/stores/registers/${register}/sessions`,
    { openingFloat: cad(float) },
    token,
  );
  expect(opened.status).toBe(201);
  const cart = await platform.call('POST', '/cart/carts', { sessionId: opened.body.id }, token);
  expect(cart.status).toBe(201);
  expect(cart.body.storeId).toBe(shop.storeId);
  return { sessionId: opened.body.id as string, cartId: cart.body.id as string };
}

async function add(cartId: string, sku: string, quantity: number, token: string) {
  const added = await platform.call('POST', `/cart/carts/${cartId}/lines`, { sku, quantity }, token);
  expect(added.status).toBeLessThan(300);
  return added.body;
}

function sell(cartId: string, payment: object, token: string, saleId = newId('sal'), key = saleId) {
  return platform.call('POST', '/ordering/sales', { saleId, cartId, payment }, token, {
    'idempotency-key': key,
  });
}

async function onHand(sku: string, locationId: string): Promise<number> {
  const stock = await platform.call('GET', `/inventory/stock/${sku}`);
  return (
    stock.body.levels.find((level: { locationId: string }) => level.locationId === locationId)?.onHand ?? 0
  );
}

describe("a cashier's shift, through the gateway", () => {
  it('opens the drawer, finds products by name, sells three for cash with change, and the Z report matches', async () => {
    const { cashier } = plateau;
    const register = plateau.registers[0]!;
    const before = await platform.call('GET', `/views/registers/${register}`, undefined, cashier);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      register: { id: register, openSessionId: null },
      session: null,
      cart: null,
    });

    const { sessionId, cartId } = await openSession(plateau, register, cashier);
    const found = await platform.call(
      'GET',
      `/catalog/products?q=${encodeURIComponent(`chaise pliante ${tag}`)}`,
    );
    expect(found.body.items[0].sku).toBe(products.chair.sku);
    await add(cartId, found.body.items[0].sku, 2, cashier);
    const basket = await add(cartId, products.lamp.sku, 1, cashier);
    // 2 × 19,99 + 4,49 = 44,47; TPS 5 % = 2,2235 → 2,22; TVQ 9,975 % = 4,4359 → 4,44; total 51,13.
    expect(basket).toMatchObject({ subtotal: cad(4447), total: cad(5113) });

    const till = await platform.call('GET', `/views/registers/${register}`, undefined, cashier);
    expect(till.body).toMatchObject({
      session: { id: sessionId, status: 'open' },
      cart: { id: cartId },
      degraded: [],
    });
    expect(till.body.cart.lines).toHaveLength(2);

    const sale = await sell(cartId, { method: 'cash', tendered: cad(6000) }, cashier);
    expect(sale.status).toBe(201);
    expect(sale.body.receipt).toMatchObject({
      subtotal: cad(4447),
      taxes: [
        expect.objectContaining({ code: 'GST', amount: cad(222) }),
        expect.objectContaining({ code: 'QST', amount: cad(444) }),
      ],
      total: cad(5113),
      payment: expect.objectContaining({
        method: 'cash',
        amount: cad(5113),
        tendered: cad(6000),
        changeDue: cad(887),
      }),
    });
    expect(sale.body.receipt.lines).toEqual([
      expect.objectContaining({
        sku: products.chair.sku,
        quantity: 2,
        unitPrice: cad(1999),
        lineTotal: cad(3998),
      }),
      expect.objectContaining({
        sku: products.lamp.sku,
        quantity: 1,
        unitPrice: cad(449),
        lineTotal: cad(449),
      }),
    ]);

    expect(await onHand(products.chair.sku, plateau.locationId)).toBe(8);
    expect(await onHand(products.lamp.sku, plateau.locationId)).toBe(9);
    expect(await onHand(products.chair.sku, vieux.locationId)).toBe(10);
    expect(await onHand(products.chair.sku, 'loc_online')).toBe(0);

    // The X report hears of the sale through `sale.completed`; the drawer then holds float + cash sales.
    await eventually(async () => {
      const x = await platform.call('GET', `/stores/sessions/${sessionId}/reports/x`, undefined, cashier);
      return x.body.salesCount === 1 ? x.body : undefined;
    });
    const closed = await platform.call(
      'POST',
      `/stores/sessions/${sessionId}/close`,
      { countedCash: cad(25_113) },
      cashier,
    );
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', expectedCash: cad(25_113), differenceCents: 0 });
    const z = await platform.call(
      'GET',
      `/stores/sessions/${sessionId}/reports/z`,
      undefined,
      plateau.manager,
    );
    expect(z.status).toBe(200);
    expect(z.body).toMatchObject({ salesCount: 1, subtotal: cad(4447), total: cad(5113) });
    expect(z.body.cash).toMatchObject({
      openingFloat: cad(20_000),
      cashSales: cad(5113),
      expected: cad(25_113),
    });
  });

  it("shows a product page with what each store has, and a 404 for a product that doesn't exist", async () => {
    const page = await platform.call('GET', `/views/products/${products.lamp.id}`);
    expect(page.status).toBe(200);
    expect(page.body.product.sku).toBe(products.lamp.sku);
    const byStore = Object.fromEntries(
      page.body.availability.stores.map((s: { storeId: string; available: number }) => [
        s.storeId,
        s.available,
      ]),
    );
    expect(byStore[plateau.storeId]).toBe(9);
    expect(byStore[vieux.storeId]).toBe(10);
    expect((await platform.call('GET', '/views/products/prod_01JD3Z8Q5V7W4X9Y2B6C000000')).status).toBe(404);
  });
});

describe('the head office changes a price', () => {
  it('is used by the very next sale at another store', async () => {
    const changed = await platform.call(
      'PATCH',
      `/catalog/products/${products.chair.id}`,
      { price: cad(2499) },
      platform.admin,
    );
    expect(changed.status).toBe(200);
    const { cartId } = await openSession(vieux, vieux.registers[0]!, vieux.cashier);
    await add(cartId, products.chair.sku, 1, vieux.cashier);
    const sale = await sell(
      cartId,
      { method: 'card', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } },
      vieux.cashier,
    );
    expect(sale.status).toBe(201);
    expect(sale.body.receipt.lines[0]).toMatchObject({ sku: products.chair.sku, unitPrice: cad(2499) });
    // 24,99 + 1,25 TPS + 2,49 TVQ (2,4928 → 2,49).
    expect(sale.body.receipt.total).toEqual(cad(2499 + 125 + 249));
    expect(sale.body.receipt.payment).toMatchObject({ method: 'card', card: { last4: '4242' } });
  });
});

describe('at the counter, at once', () => {
  it('two registers sell the last unit: one succeeds, the other gets insufficient_stock, and stock is 0', async () => {
    const first = await openSession(plateau, plateau.registers[1]!, plateau.manager);
    // The first register's morning session was closed above: the cashier opens a new one.
    const { cartId } = await openSession(plateau, plateau.registers[0]!, plateau.cashier);
    await add(first.cartId, products.vase.sku, 1, plateau.manager);
    await add(cartId, products.vase.sku, 1, plateau.cashier);
    const cash = { method: 'cash', tendered: cad(2000) };
    const answers = await Promise.all([
      sell(first.cartId, cash, plateau.manager),
      sell(cartId, cash, plateau.cashier),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(refused.body).toLowerCase()).toContain('insufficient_stock');
    expect(await onHand(products.vase.sku, plateau.locationId)).toBe(0);
  });

  it('the same sale sent twenty times with one key is one sale, one payment and one stock movement', async () => {
    const { cartId } = await openSession(vieux, vieux.registers[1]!, vieux.manager);
    await add(cartId, products.lamp.sku, 2, vieux.manager);
    const before = await onHand(products.lamp.sku, vieux.locationId);
    const saleId = newId('sal');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        sell(cartId, { method: 'cash', tendered: cad(1500) }, vieux.manager, saleId),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    for (const answer of created) expect(answer.body).toEqual(created[0]!.body);
    expect(await onHand(products.lamp.sku, vieux.locationId)).toBe(before - 2);
    const paid = await platform.call(
      'GET',
      `/payments/payments?reference=sale:${saleId}`,
      undefined,
      vieux.manager,
    );
    expect(paid.body.items).toHaveLength(1);
    // Asked again once all is done, the key answers the same sale.
    const replay = await sell(cartId, { method: 'cash', tendered: cad(1500) }, vieux.manager, saleId);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(created[0]!.body);
  });
});
