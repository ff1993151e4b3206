import type { Cart } from '@comptoir/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startCart, type TestCart } from './cart.fixture.ts';

let t: TestCart;
beforeAll(async () => {
  t = await startCart();
}, START_TIMEOUT_MS);
afterAll(() => t?.close());

const cad = (amount: number) => ({ amount, currency: 'CAD' });

/** A till with its cart open. */
async function openTill() {
  const till = await t.till();
  const cart: Cart = (await t.open(till.session.id, till.cashier)).json();
  return { ...till, cart };
}

describe('adding lines', () => {
  it('a line snapshots the catalog’s product id, name and price, and the totals follow', async () => {
    const { cart, cashier } = await openTill();
    const chair = await t.product({ name: 'Chaise pliante', price: cad(4999) });
    const added = await t.add(cart.id, chair.sku, 3, cashier);
    expect(added.statusCode, added.body).toBe(200);
    expect(added.headers.etag).toBe('"2"');
    expect(added.json()).toMatchObject({
      id: cart.id,
      version: 2,
      lines: [
        {
          sku: chair.sku,
          productId: chair.id,
          name: 'Chaise pliante',
          quantity: 3,
          unitPrice: cad(4999),
          lineTotal: cad(14_997),
        },
      ],
      subtotal: cad(14_997),
      taxes: [
        { code: 'GST', amount: cad(750) }, // 749,85
        { code: 'QST', amount: cad(1496) }, // 1495,95
      ],
      total: cad(14_997 + 750 + 1496),
    });
    expect(await t.read(cart.id, cashier)).toEqual(added.json());
  });

  it('taxes of 19,99 $ in Quebec are 1,00 $ GST and 1,99 $ QST', async () => {
    const { cart, cashier } = await openTill();
    const lamp = await t.product({ price: cad(1999) });
    const basket: Cart = (await t.add(cart.id, lamp.sku, 1, cashier)).json();
    expect(basket.taxes).toEqual([
      { code: 'GST', label: 'TPS', ratePpm: 50_000, amount: cad(100) },
      { code: 'QST', label: 'TVQ', ratePpm: 99_750, amount: cad(199) },
    ]);
    expect(basket.total).toEqual(cad(2298));
  });

  it('a store without taxes charges none, and one with its own rate charges that', async () => {
    const cashier = async (storeId: string) => t.as(['cashier'], [storeId]);
    const product = await t.product({ price: cad(1000) });
    const untaxed = t.stores.store([]);
    const ontario = t.stores.store([{ code: 'HST', label: 'TVH', ratePpm: 130_000 }]);
    const totals: Array<[Cart['taxes'], number]> = [];
    for (const store of [untaxed, ontario]) {
      const session = t.stores.session(store.id);
      const headers = await cashier(store.id);
      const cart: Cart = (await t.open(session.id, headers)).json();
      const basket: Cart = (await t.add(cart.id, product.sku, 1, headers)).json();
      totals.push([basket.taxes, basket.total.amount]);
    }
    expect(totals).toEqual([
      [[], 1000],
      [[{ code: 'HST', label: 'TVH', ratePpm: 130_000, amount: cad(130) }], 1130],
    ]);
  });

  it('adding a sku already in the cart grows its line, whatever the case of the sku', async () => {
    const { cart, cashier } = await openTill();
    const vase = await t.product({ price: cad(1250) });
    await t.add(cart.id, vase.sku, 2, cashier);
    const grown: Cart = (await t.add(cart.id, vase.sku.toLowerCase(), 3, cashier)).json();
    expect(grown.lines).toHaveLength(1);
    expect(grown.lines[0]).toMatchObject({ sku: vase.sku, quantity: 5, lineTotal: cad(6250) });
  });

  it('a line added after the head office changes a price takes the new price', async () => {
    const plateau = await openTill();
    const vieux = await openTill();
    const table = await t.product({ price: cad(1999) });
    const other = await t.product({ price: cad(500) });
    await t.add(plateau.cart.id, table.sku, 1, plateau.cashier); // the catalog has now cached its answer
    await t.add(plateau.cart.id, other.sku, 1, plateau.cashier);

    await t.editProduct(table.id, { price: cad(2499), name: 'Table basse (chêne)' });

    // The very next line, in another store, takes the new price and name.
    const elsewhere: Cart = (await t.add(vieux.cart.id, table.sku, 1, vieux.cashier)).json();
    expect(elsewhere.lines[0]).toMatchObject({ unitPrice: cad(2499), name: 'Table basse (chêne)' });
    // A line already in a cart keeps its snapshot until the sku is added again…
    expect((await t.read(plateau.cart.id, plateau.cashier)).lines[0]?.unitPrice).toEqual(cad(1999));
    // …then the line, one price, takes the current one.
    const again: Cart = (await t.add(plateau.cart.id, table.sku, 1, plateau.cashier)).json();
    expect(again.lines[0]).toMatchObject({ quantity: 2, unitPrice: cad(2499), lineTotal: cad(4998) });
    expect(again.subtotal).toEqual(cad(4998 + 500));
  });

  it('an unknown or deleted sku is refused with 422 CART_UNKNOWN_SKU, and an inactive product too', async () => {
    const { cart, cashier } = await openTill();
    const unknown = await t.add(cart.id, 'NOPE-404', 1, cashier);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({
      code: 'CART_UNKNOWN_SKU',
      errors: [{ pointer: '/body/sku' }],
    });
    const withdrawn = await t.product();
    await t.deleteProduct(withdrawn.id);
    const deleted = await t.add(cart.id, withdrawn.sku, 1, cashier);
    expect(deleted.statusCode).toBe(422);
    expect(deleted.json().code).toBe('CART_UNKNOWN_SKU');
    const inactive = await t.product({ active: false });
    const refused = await t.add(cart.id, inactive.sku, 1, cashier);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('CART_PRODUCT_NOT_FOR_SALE');
    expect((await t.read(cart.id, cashier)).version).toBe(1);
  });

  it('a product priced in another currency than the store’s is refused', async () => {
    const { cart, cashier } = await openTill();
    const imported = await t.product({ price: { amount: 1000, currency: 'EUR' } });
    const refused = await t.add(cart.id, imported.sku, 1, cashier);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('CART_CURRENCY_MISMATCH');
  });

  it('a line holds at most 999', async () => {
    const { cart, cashier } = await openTill();
    const screw = await t.product({ price: cad(5) });
    expect((await t.add(cart.id, screw.sku, 999, cashier)).statusCode).toBe(200);
    const over = await t.add(cart.id, screw.sku, 1, cashier);
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('CART_QUANTITY_LIMIT');
  });
});

describe('changing and removing lines', () => {
  it('a line’s quantity changes at the price it was added at', async () => {
    const { cart, cashier } = await openTill();
    const chair = await t.product({ price: cad(4999) });
    await t.add(cart.id, chair.sku, 1, cashier);
    await t.editProduct(chair.id, { price: cad(5999) });
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/carts/${cart.id}/lines/${chair.sku}`,
      headers: cashier,
      payload: { quantity: 4 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().lines[0]).toMatchObject({
      quantity: 4,
      unitPrice: cad(4999),
      lineTotal: cad(19_996),
    });
    expect(changed.json().subtotal).toEqual(cad(19_996));
    expect(changed.json().version).toBe(3);
  });

  it('changing a line the cart does not have is a 404', async () => {
    const { cart, cashier } = await openTill();
    const missing = await t.app.inject({
      method: 'PATCH',
      url: `/carts/${cart.id}/lines/NOT-HERE`,
      headers: cashier,
      payload: { quantity: 2 },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CART_LINE_NOT_FOUND');
  });

  it('removing a line prices the cart without it; removing it again changes nothing', async () => {
    const { cart, cashier } = await openTill();
    const [chair, lamp] = [await t.product({ price: cad(4999) }), await t.product({ price: cad(1999) })];
    await t.add(cart.id, chair.sku, 1, cashier);
    await t.add(cart.id, lamp.sku, 1, cashier);
    const remove = () =>
      t.app.inject({ method: 'DELETE', url: `/carts/${cart.id}/lines/${chair.sku}`, headers: cashier });
    const removed = await remove();
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({
      lines: [{ sku: lamp.sku }],
      subtotal: cad(1999),
      total: cad(2298),
      version: 4,
    });
    const again = await remove();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(removed.json());
  });
});

describe('writes at the same time (on a cache that answers a few ms later, as Redis would)', () => {
  let one: TestCart['app'];
  let two: TestCart['app'];
  beforeAll(async () => {
    one = await t.replica({}, { lagging: true });
    two = await t.replica({}, { lagging: true });
  });

  it('two lines added at once to one cart are both kept', async () => {
    const { cart, cashier } = await openTill();
    const [chair, lamp] = [await t.product(), await t.product()];
    await Promise.all([
      t.add(cart.id, chair.sku, 1, cashier, one),
      t.add(cart.id, lamp.sku, 2, cashier, one),
    ]);
    const both = await t.read(cart.id, cashier);
    expect(both.lines.map((line) => line.sku).sort()).toEqual([chair.sku, lamp.sku].sort());
    expect(both.version).toBe(3);
  });

  it('twelve lines added at once through two replicas, and the same sku scanned eight times at once, are all kept', async () => {
    const { cart, cashier } = await openTill();
    const products = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.product({ price: cad(100 + i) })),
    );
    const bolt = await t.product({ price: cad(25) });
    const answers = await Promise.all([
      ...products.map((product, i) => t.add(cart.id, product.sku, 1, cashier, i % 2 === 0 ? one : two)),
      ...Array.from({ length: 8 }, (_, i) => t.add(cart.id, bolt.sku, 1, cashier, i % 2 === 0 ? one : two)),
    ]);
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(20).fill(200));
    const final = await t.read(cart.id, cashier);
    expect(final.lines).toHaveLength(13);
    expect(final.lines.find((line) => line.sku === bolt.sku)?.quantity).toBe(8);
    expect(final.version).toBe(21);
    const subtotal = products.reduce((sum, _, i) => sum + 100 + i, 0) + 8 * 25;
    expect(final.subtotal).toEqual(cad(subtotal));
  });

  it('with If-Match, a write at the version read succeeds and a stale one is a 412 that changes nothing', async () => {
    const { cart, cashier } = await openTill();
    const [chair, lamp] = [await t.product(), await t.product()];
    const at = (version: string) => ({ ...cashier, 'if-match': version });
    const first = await t.add(cart.id, chair.sku, 1, at('"1"'));
    expect(first.statusCode).toBe(200);
    const stale = await t.add(cart.id, lamp.sku, 1, at('"1"'));
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'CART_VERSION_MISMATCH', currentVersion: 2 });
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/carts/${cart.id}/lines/${chair.sku}`,
      headers: at('W/"2"'),
      payload: { quantity: 2 },
    });
    expect(patch.statusCode).toBe(412); // a weak tag never matches
    expect((await t.read(cart.id, cashier)).lines).toHaveLength(1);
    expect((await t.add(cart.id, lamp.sku, 1, at('"7", "2"'))).statusCode).toBe(200);
    expect((await t.add(cart.id, lamp.sku, 1, at('*'))).statusCode).toBe(200);
  });
});
