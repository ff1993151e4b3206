import { type CashSession, QUEBEC_TAXES, type Store } from '@comptoir/contracts';
import { isDomainError } from '@comptoir/platform';
import { describe, expect, it } from 'vitest';
import {
  addToCart,
  MAX_LINES,
  mergeLines,
  openCart,
  openOnlineCart,
  repriceLines,
  setQuantity,
  skuKey,
  withoutLine,
} from '../src/domain/cart.ts';
import type { ProductSnapshot } from '../src/domain/ports.ts';

const at = { now: new Date('2026-03-02T14:00:00.000Z'), ttlSeconds: 60 };
const store = { id: 'sto_1', currency: 'CAD', taxes: [...QUEBEC_TAXES] } as Store;
const session = { id: 'ses_1', storeId: 'sto_1', registerId: 'reg_1', status: 'open' } as CashSession;
const product = (n: number, amount = 100): ProductSnapshot => ({
  productId: `prod_${n}`,
  sku: `SKU-${n}`,
  name: `Produit ${n}`,
  price: { amount, currency: 'CAD' },
  active: true,
});

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('a cart’s changes, as plain functions', () => {
  it('a cart holds at most 200 lines; a sku already there still grows its line', () => {
    let cart = openCart('crt_1', session, store, at);
    for (let n = 0; n < MAX_LINES; n += 1) cart = addToCart(cart, product(n), 1, at);
    expect(cart.lines).toHaveLength(200);
    expect(codeOf(() => addToCart(cart, product(999), 1, at))).toBe('CART_TOO_MANY_LINES');
    expect(addToCart(cart, product(7), 2, at).lines[7]?.quantity).toBe(3);
  });

  it('a total past what JSON numbers carry exactly is refused', () => {
    const cart = openCart('crt_1', session, store, at);
    const dear = product(1, Number.MAX_SAFE_INTEGER);
    expect(codeOf(() => addToCart(cart, dear, 1, at))).toBe('CART_AMOUNT_TOO_LARGE');
  });

  it('never changes the cart it was given, and bumps the version of the one it answers', () => {
    const opened = openCart('crt_1', session, store, at);
    const frozen = JSON.stringify(opened);
    const added = addToCart(opened, product(1), 2, at);
    const changed = setQuantity(added, 'sku-1', 5, at);
    const removed = withoutLine(changed, 'SKU-1', at);
    expect(JSON.stringify(opened)).toBe(frozen);
    expect([opened, added, changed, removed].map((cart) => cart.version)).toEqual([1, 2, 3, 4]);
    expect(added.lines[0]?.quantity).toBe(2);
    expect(removed.lines).toEqual([]);
    expect(removed.expiresAt).toBe('2026-03-02T14:01:00.000Z');
  });

  it('a change that changes nothing answers the same cart, at the same version', () => {
    const added = addToCart(openCart('crt_1', session, store, at), product(1), 2, at);
    expect(setQuantity(added, 'SKU-1', 2, at)).toBe(added);
    expect(withoutLine(added, 'SKU-404', at)).toBe(added);
  });

  it('a merge past 200 lines leaves the rest out and says so; a sku in both still grows its line', () => {
    let customer = openOnlineCart('crt_1', 'usr_1', 'CAD', QUEBEC_TAXES, at);
    for (let n = 0; n < MAX_LINES - 1; n += 1) customer = addToCart(customer, product(n), 1, at);
    let visitor = openOnlineCart('crt_2', null, 'CAD', QUEBEC_TAXES, at);
    for (const n of [5, 500, 501]) visitor = addToCart(visitor, product(n), 2, at);
    const catalog = new Map(
      visitor.lines.map((line, i) => [skuKey(line.sku), product([5, 500, 501][i] ?? 0, 300)]),
    );
    const { cart, capped, dropped } = mergeLines(customer, visitor.lines, catalog, at);
    expect(cart.lines).toHaveLength(200);
    expect(cart.lines[5]).toMatchObject({ quantity: 3, unitPrice: { amount: 300, currency: 'CAD' } });
    expect(cart.lines[199]?.sku).toBe('SKU-500');
    expect(capped).toEqual([]);
    expect(dropped).toEqual([{ sku: 'SKU-501', reason: 'too_many_lines' }]);
  });

  it('a price check that finds every price unchanged answers the same cart; a line added since is left as it is', () => {
    const cart = addToCart(
      addToCart(openOnlineCart('crt_1', 'usr_1', 'CAD', QUEBEC_TAXES, at), product(1), 1, at),
      product(2),
      1,
      at,
    );
    const catalog = new Map([[skuKey('SKU-1'), product(1)]]);
    expect(repriceLines(cart, catalog, at)).toEqual({ cart, changes: [], removed: [] });
    expect(repriceLines(cart, catalog, at).cart).toBe(cart);
    const moved = repriceLines(cart, new Map([[skuKey('SKU-2'), product(2, 150)]]), at);
    expect(moved.changes).toEqual([
      { sku: 'SKU-2', from: { amount: 100, currency: 'CAD' }, to: { amount: 150, currency: 'CAD' } },
    ]);
    expect(moved.cart.lines.map((line) => line.unitPrice.amount)).toEqual([100, 150]);
    expect(moved.cart.version).toBe(cart.version + 1);
  });
});
