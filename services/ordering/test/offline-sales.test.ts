import { type Register, SaleCompleted } from '@comptoir/contracts';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Platform, START_TIMEOUT_MS, startPlatform } from './platform.fixture.ts';
import { bodyOf, cash, expectStatus, type Headers, newSaleId, type Tills, tillsOf } from './till.fixture.ts';

FormatRegistry.Set(
  'date-time',
  (value) => /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value)),
);

let platform: Platform;
let tills: Tills;

beforeAll(async () => {
  platform = await startPlatform();
  tills = await tillsOf(platform);
}, START_TIMEOUT_MS);
afterAll(() => platform?.close());

const cad = (amount: number) => ({ amount, currency: 'CAD' });
let receipts = 0;

/** A sale as a register kept it offline: its own prices, one tax, its offline receipt number. */
function offlineSale(
  sessionId: string,
  prefix: string,
  product: { id: string; sku: string },
  quantity: number,
  unitPrice: number,
  payment: Record<string, unknown> = { method: 'cash', tendered: cad(100_000) },
) {
  const subtotal = unitPrice * quantity;
  const gst = Math.round(subtotal * 0.05);
  return {
    saleId: newSaleId(),
    sessionId,
    receiptNumber: `${prefix}-T1-${String(++receipts).padStart(6, '0')}`,
    soldAt: new Date(Date.now() - 3_600_000).toISOString(),
    currency: 'CAD',
    lines: [
      {
        sku: product.sku,
        productId: product.id,
        name: 'Article vendu hors ligne',
        quantity,
        unitPrice: cad(unitPrice),
        lineTotal: cad(subtotal),
      },
    ],
    subtotal: cad(subtotal),
    taxes: [{ code: 'GST', label: 'TPS', ratePpm: 50_000, amount: cad(gst) }],
    total: cad(subtotal + gst),
    payment,
  };
}

function sync(cashier: Headers, body: { saleId: string }, on = platform.ordering) {
  return on.inject({
    method: 'POST',
    url: '/sales/offline',
    headers: { ...cashier, 'idempotency-key': body.saleId },
    payload: body,
  });
}

async function prefixOf(registerId: string, staff: Headers): Promise<string> {
  const register = await expectStatus<Register>(platform.apps.stores, 200, {
    method: 'GET',
    url: `/registers/${registerId}`,
    headers: staff,
  });
  return register.offlineReceiptPrefix;
}

async function offlineMovements(saleId: string) {
  const { rows } = await platform.db.inventory.query<{ sku: string; quantity: number }>(
    "select sku, quantity from movement where reference = $1 and kind = 'offline_sale'",
    [saleId],
  );
  return rows;
}

describe('a sale the register made offline, synced later', () => {
  it('sent six times at once to two replicas: one sale, one payment, one movement, and every answer the same', async () => {
    const { store, cashier, register, session, product } = await tills.shop(1999, 10);
    const prefix = await prefixOf(register.id, cashier);
    const twin = await platform.orderingReplica();
    const sale = offlineSale(session.id, prefix, product, 2, 1999);

    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => sync(cashier, sale, i % 2 === 0 ? platform.ordering : twin.app)),
    );
    const bodies = answers.map((answer) => bodyOf(answer, 201));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(bodies[0]).toMatchObject({
      id: sale.saleId,
      cartId: null,
      total: sale.total,
      completedAt: sale.soldAt,
      payment: { method: 'cash', changeDue: cad(100_000 - sale.total.amount) },
      offline: { receipt: sale.receiptNumber, review: [] },
    });
    expect(await tills.paymentsOf(sale.saleId)).toHaveLength(1);
    expect(await offlineMovements(sale.saleId)).toEqual([{ sku: product.sku, quantity: -2 }]);
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(8);
    await vi.waitFor(() => {
      const published = platform.events.filter(
        (event) => event.type === 'sale.completed' && event.subject === sale.saleId,
      );
      expect(published).toHaveLength(1);
      expect([...Value.Errors(SaleCompleted, published[0]?.data)]).toEqual([]);
      expect(published[0]?.data).toMatchObject({ offline: { receipt: sale.receiptNumber } });
    });
  });

  it('is never refused for business reasons: short stock, a price since changed, a session since closed', async () => {
    const { store, cashier, register, session, product } = await tills.shop(1999, 1);
    const prefix = await prefixOf(register.id, cashier);
    await expectStatus(platform.apps.stores, 200, {
      method: 'POST',
      url: `/sessions/${session.id}/close`,
      headers: cashier,
      payload: { countedCash: cad(20_000) },
    });
    // Three sold at the register's cached price of 15,00 while the catalog says 19,99 and the shelf 1.
    const sale = offlineSale(session.id, prefix, product, 3, 1500);
    const recorded = bodyOf<{ lines: { unitPrice: unknown }[] }>(await sync(cashier, sale), 201);
    expect(recorded.lines[0]?.unitPrice).toEqual(cad(1500));
    expect((await tills.level(product.sku, store.locationId)).onHand).toBe(-2);

    // The counter's online path still never oversells.
    const till = await tills.register(store.id, cashier);
    const cart = await tills.cart(till.session.id, cashier, [{ sku: product.sku, quantity: 1 }]);
    const online = await tills.sell(cashier, { saleId: newSaleId(), cartId: cart.id, payment: cash(5000) });
    expect(bodyOf(online, 409)).toMatchObject({ code: 'ORDERING_INSUFFICIENT_STOCK' });
  });

  it('a receipt number is its register’s: another register’s prefix is a 422, a number used twice a 409', async () => {
    const { store, cashier, register, session, product } = await tills.shop(500, 10);
    const other = await tills.register(store.id, cashier);
    const otherPrefix = await prefixOf(other.register.id, cashier);
    const prefix = await prefixOf(register.id, cashier);
    expect(otherPrefix).not.toBe(prefix);

    const foreign = { ...offlineSale(session.id, otherPrefix, product, 1, 500) };
    expect(bodyOf(await sync(cashier, foreign), 422)).toMatchObject({
      code: 'ORDERING_OFFLINE_RECEIPT_INVALID',
    });
    const first = offlineSale(session.id, prefix, product, 1, 500);
    bodyOf(await sync(cashier, first), 201);
    const again = { ...offlineSale(session.id, prefix, product, 1, 500), receiptNumber: first.receiptNumber };
    expect(bodyOf(await sync(cashier, again), 409)).toMatchObject({ code: 'ORDERING_OFFLINE_RECEIPT_TAKEN' });
    // The same number on the other register is that register's own.
    const elsewhere = {
      ...offlineSale(other.session.id, otherPrefix, product, 1, 500),
      receiptNumber: first.receiptNumber.replace(prefix, otherPrefix),
    };
    bodyOf(await sync(cashier, elsewhere), 201);
  });

  it('a cashier of another store cannot sync into this store’s session, nor read its sale by replaying it', async () => {
    const { cashier, register, session, product } = await tills.shop(500, 10);
    const prefix = await prefixOf(register.id, cashier);
    const stranger = await tills.staff((await tills.store()).id);
    const sale = offlineSale(session.id, prefix, product, 1, 500);
    expect(bodyOf(await sync(stranger, sale), 422)).toMatchObject({
      code: 'ORDERING_OFFLINE_SESSION_UNKNOWN',
    });
    bodyOf(await sync(cashier, sale), 201);
    expect((await sync(stranger, sale)).statusCode).toBe(403);
  });

  it('a card taken offline is recorded to capture later, and flagged when the store’s policy is off', async () => {
    const { store, cashier, register, session, product } = await tills.shop(500, 10);
    const prefix = await prefixOf(register.id, cashier);
    const sale = offlineSale(session.id, prefix, product, 1, 500, {
      method: 'card',
      card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
    });
    const recorded = bodyOf<{ payment: { id: string; card: unknown }; offline: { review: string[] } }>(
      await sync(cashier, sale),
      201,
    );
    expect(recorded.offline.review).toEqual(['card_policy_off']);
    expect(recorded.payment.card).toEqual({ brand: 'visa', last4: '4242' });
    const [payment] = await tills.paymentsOf(sale.saleId);
    expect(payment).toMatchObject({ id: recorded.payment.id, status: 'offline_authorized' });

    // The manager finds it among the sales to review; a cash sale of the same till is not there.
    const cashSale = offlineSale(session.id, prefix, product, 1, 500);
    bodyOf(await sync(cashier, cashSale), 201);
    const manager = await tills.staff(store.id, 'usr_offline_manager', 'store_manager');
    const flagged = await expectStatus<{ items: { id: string }[] }>(platform.ordering, 200, {
      method: 'GET',
      url: `/sales?storeId=${store.id}&review=true`,
      headers: manager,
    });
    expect(flagged.items.map((item) => item.id)).toEqual([sale.saleId]);
  });
});
