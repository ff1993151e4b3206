import type { Cart, CartLine, CashSession, Store } from '@comptoir/contracts';
import { AmountTooLarge, totalsOf } from '@comptoir/pricing';
import {
  amountTooLarge,
  currencyMismatch,
  lineNotFound,
  productNotForSale,
  quantityLimit,
  tooManyLines,
} from './errors.ts';
import type { ProductSnapshot } from './ports.ts';

/*
 * A cart's changes, as plain functions: each takes a cart and answers a new one (never mutating
 * the one it was given, which the repository compares against), repriced, with its version bumped.
 */

export const MAX_QUANTITY = 999;
/** As many lines as inventory takes in one sale. */
export const MAX_LINES = 200;

/** When the change happens, and how long the cart then lives. */
export interface Stamp {
  now: Date;
  ttlSeconds: number;
}

type LineDraft = Omit<CartLine, 'lineTotal'>;

/** An empty basket for an open register session, priced with its store's currency and taxes. */
export function openCart(id: string, session: CashSession, store: Store, at: Stamp): Cart {
  const empty: Cart = {
    id,
    channel: 'pos',
    storeId: session.storeId,
    registerId: session.registerId,
    sessionId: session.id,
    customerId: null,
    currency: store.currency,
    lines: [],
    subtotal: { amount: 0, currency: store.currency },
    taxes: store.taxes.map((rate) => ({
      code: rate.code,
      label: rate.label,
      ratePpm: rate.ratePpm,
      amount: { amount: 0, currency: store.currency },
    })),
    total: { amount: 0, currency: store.currency },
    version: 0,
    updatedAt: at.now.toISOString(),
    expiresAt: at.now.toISOString(),
  };
  return repriced(empty, [], at);
}

/**
 * Adds `quantity` of a product. A sku already in the cart grows its line, and the whole line takes
 * the price and name the catalog gives now: a line has one price, the latest one scanned.
 */
export function addToCart(cart: Cart, product: ProductSnapshot, quantity: number, at: Stamp): Cart {
  if (!product.active) throw productNotForSale(product.sku);
  if (product.price.currency !== cart.currency) {
    throw currencyMismatch(product.sku, product.price.currency, cart.currency);
  }
  const index = indexOf(cart, product.sku);
  const before = index === -1 ? 0 : (cart.lines[index]?.quantity ?? 0);
  if (before + quantity > MAX_QUANTITY) throw quantityLimit(product.sku, MAX_QUANTITY);
  const line: LineDraft = {
    sku: product.sku,
    productId: product.productId,
    name: product.name,
    quantity: before + quantity,
    unitPrice: product.price,
  };
  if (index !== -1) return repriced(cart, replaceAt(cart.lines, index, line), at);
  if (cart.lines.length >= MAX_LINES) throw tooManyLines(MAX_LINES);
  return repriced(cart, [...cart.lines, line], at);
}

/** Sets a line's quantity; the line keeps its price snapshot. The same quantity changes nothing. */
export function setQuantity(cart: Cart, sku: string, quantity: number, at: Stamp): Cart {
  const index = indexOf(cart, sku);
  const line = cart.lines[index];
  if (!line) throw lineNotFound(cart.id, sku);
  if (line.quantity === quantity) return cart;
  return repriced(cart, replaceAt(cart.lines, index, { ...line, quantity }), at);
}

/** Removes a line; a sku not in the cart changes nothing (removing twice is harmless). */
export function withoutLine(cart: Cart, sku: string, at: Stamp): Cart {
  const index = indexOf(cart, sku);
  if (index === -1) return cart;
  return repriced(
    cart,
    cart.lines.filter((_, i) => i !== index),
    at,
  );
}

/** Skus are the catalog's, which holds them unique regardless of case: "abc-1" is "ABC-1". */
function indexOf(cart: Cart, sku: string): number {
  const wanted = sku.toLowerCase();
  return cart.lines.findIndex((line) => line.sku.toLowerCase() === wanted);
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((existing, i) => (i === index ? item : existing));
}

/** The cart with these lines, every amount computed again (see `totals.ts`), one version on. */
function repriced(cart: Cart, lines: readonly LineDraft[], at: Stamp): Cart {
  const currency = cart.currency;
  const money = (amount: number) => ({ amount, currency });
  let totals: ReturnType<typeof totalsOf>;
  try {
    totals = totalsOf(
      lines.map((line) => ({ unitPrice: line.unitPrice.amount, quantity: line.quantity })),
      cart.taxes,
    );
  } catch (error) {
    if (error instanceof AmountTooLarge) throw amountTooLarge();
    throw error;
  }
  return {
    ...cart,
    lines: lines.map((line, i) => ({ ...line, lineTotal: money(totals.lineTotals[i] ?? 0) })),
    subtotal: money(totals.subtotal),
    taxes: totals.taxes.map((tax) => ({
      code: tax.code,
      label: tax.label,
      ratePpm: tax.ratePpm,
      amount: money(tax.amount),
    })),
    total: money(totals.total),
    version: cart.version + 1,
    updatedAt: at.now.toISOString(),
    expiresAt: new Date(at.now.getTime() + at.ttlSeconds * 1000).toISOString(),
  };
}
