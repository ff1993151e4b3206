import type { Cart, CartLine, CashSession, Money, Store, TaxRate } from '@comptoir/contracts';
import { AmountTooLarge, totalsOf } from '@comptoir/pricing';
import {
  amountTooLarge,
  currencyMismatch,
  lineNotFound,
  productNotForSale,
  quantityLimit,
  tooManyLines,
} from './errors.ts';
import type { CartRecord, ProductSnapshot } from './ports.ts';

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
  return emptyCart(
    id,
    { channel: 'pos', storeId: session.storeId, registerId: session.registerId, sessionId: session.id },
    store.currency,
    store.taxes,
    at,
  );
}

/**
 * An empty basket of the online shop: a signed-in customer's (`customerId`) or an anonymous
 * visitor's (`customerId` null, reached with its token), in the shop's currency and taxes.
 */
export function openOnlineCart(
  id: string,
  customerId: string | null,
  currency: string,
  taxes: readonly TaxRate[],
  at: Stamp,
): Cart {
  return emptyCart(
    id,
    { channel: 'online', storeId: null, registerId: null, sessionId: null, customerId },
    currency,
    taxes,
    at,
  );
}

function emptyCart(
  id: string,
  owner: Pick<Cart, 'channel' | 'storeId' | 'registerId' | 'sessionId'> & { customerId?: string | null },
  currency: string,
  taxes: readonly TaxRate[],
  at: Stamp,
): Cart {
  const empty: Cart = {
    id,
    channel: owner.channel,
    storeId: owner.storeId,
    registerId: owner.registerId,
    sessionId: owner.sessionId,
    customerId: owner.customerId ?? null,
    currency,
    lines: [],
    subtotal: { amount: 0, currency },
    taxes: taxes.map((rate) => ({
      code: rate.code,
      label: rate.label,
      ratePpm: rate.ratePpm,
      amount: { amount: 0, currency },
    })),
    total: { amount: 0, currency },
    version: 0,
    updatedAt: at.now.toISOString(),
    expiresAt: at.now.toISOString(),
  };
  return repriced(empty, [], at);
}

/** The cart as the API shows it: a stored record without its token hash and merge bookkeeping. */
export function viewOf(record: CartRecord): Cart {
  const { tokenHash: _token, mergingInto: _merging, merged: _merged, ...cart } = record;
  return cart;
}

/**
 * Adds `quantity` of a product. A sku already in the cart grows its line, and the whole line takes
 * the price and name the catalog gives now: a line has one price, the latest one scanned.
 */
export function addToCart<C extends Cart>(cart: C, product: ProductSnapshot, quantity: number, at: Stamp): C {
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
export function setQuantity<C extends Cart>(cart: C, sku: string, quantity: number, at: Stamp): C {
  const index = indexOf(cart, sku);
  const line = cart.lines[index];
  if (!line) throw lineNotFound(cart.id, sku);
  if (line.quantity === quantity) return cart;
  return repriced(cart, replaceAt(cart.lines, index, { ...line, quantity }), at);
}

/** Removes a line; a sku not in the cart changes nothing (removing twice is harmless). */
export function withoutLine<C extends Cart>(cart: C, sku: string, at: Stamp): C {
  const index = indexOf(cart, sku);
  if (index === -1) return cart;
  return repriced(
    cart,
    cart.lines.filter((_, i) => i !== index),
    at,
  );
}

/** Why a product found in the catalog (or not) cannot be a line of a cart in `currency`. */
export type Refusal = 'unknown_sku' | 'not_for_sale' | 'currency_mismatch';

/** Products by sku as the catalog answered them a moment ago (`undefined`: no such product). */
export type Catalog = ReadonlyMap<string, ProductSnapshot | undefined>;

/** The key a sku is looked up by in a `Catalog`. */
export const skuKey = (sku: string): string => sku.toLowerCase();

/** A merged line that would have passed 999: `requested` was asked, `kept` is in the cart. */
export interface CappedLine {
  sku: string;
  requested: number;
  kept: number;
}

/** A line that was not merged (or was taken out by a price check), and why. */
export interface DroppedLine {
  sku: string;
  reason: Refusal | 'too_many_lines';
}

export interface PriceChange {
  sku: string;
  from: Money;
  to: Money;
}

/**
 * Adds `incoming` lines (an anonymous cart's) to `cart`: quantities of a sku in both are summed,
 * capped at 999 (each capped line reported), and every line merged takes the catalog's price and
 * name now. A product gone, inactive or in another currency is not merged (reported), nor a line
 * past the 200th.
 */
export function mergeLines<C extends Cart>(
  cart: C,
  incoming: readonly CartLine[],
  catalog: Catalog,
  at: Stamp,
): { cart: C; capped: CappedLine[]; dropped: DroppedLine[] } {
  let lines: LineDraft[] = cart.lines.map(draftOf);
  const capped: CappedLine[] = [];
  const dropped: DroppedLine[] = [];
  for (const line of incoming) {
    const product = catalog.get(skuKey(line.sku));
    const refusal = refusalOf(product, cart.currency);
    if (refusal || !product) {
      dropped.push({ sku: line.sku, reason: refusal ?? 'unknown_sku' });
      continue;
    }
    const index = lines.findIndex((existing) => skuKey(existing.sku) === skuKey(product.sku));
    const requested = (index === -1 ? 0 : (lines[index]?.quantity ?? 0)) + line.quantity;
    const quantity = Math.min(requested, MAX_QUANTITY);
    if (requested > quantity) capped.push({ sku: product.sku, requested, kept: quantity });
    const merged = lineOf(product, quantity);
    if (index !== -1) lines = replaceAt(lines, index, merged);
    else if (lines.length >= MAX_LINES) dropped.push({ sku: product.sku, reason: 'too_many_lines' });
    else lines = [...lines, merged];
  }
  return { cart: repriced(cart, lines, at), capped, dropped };
}

/**
 * Every line of `cart` found in `catalog` takes the product's current price and name; a product
 * gone, inactive or now in another currency takes its line out. Changed prices are reported, each
 * `from` the cart's price `to` the catalog's. Nothing changed: the same cart (no new version).
 */
export function repriceLines<C extends Cart>(
  cart: C,
  catalog: Catalog,
  at: Stamp,
): { cart: C; changes: PriceChange[]; removed: DroppedLine[] } {
  const changes: PriceChange[] = [];
  const removed: DroppedLine[] = [];
  const lines: LineDraft[] = [];
  let touched = false;
  for (const line of cart.lines) {
    if (!catalog.has(skuKey(line.sku))) {
      lines.push(draftOf(line)); // added after the catalog was read: priced then
      continue;
    }
    const product = catalog.get(skuKey(line.sku));
    const refusal = refusalOf(product, cart.currency);
    if (refusal || !product) {
      removed.push({ sku: line.sku, reason: refusal ?? 'unknown_sku' });
      touched = true;
      continue;
    }
    const fresh = lineOf(product, line.quantity);
    if (fresh.unitPrice.amount !== line.unitPrice.amount) {
      changes.push({ sku: line.sku, from: line.unitPrice, to: fresh.unitPrice });
    }
    if (
      fresh.unitPrice.amount !== line.unitPrice.amount ||
      fresh.name !== line.name ||
      fresh.productId !== line.productId ||
      fresh.sku !== line.sku
    ) {
      touched = true;
    }
    lines.push(fresh);
  }
  return { cart: touched ? repriced(cart, lines, at) : cart, changes, removed };
}

function refusalOf(product: ProductSnapshot | undefined, currency: string): Refusal | undefined {
  if (!product) return 'unknown_sku';
  if (!product.active) return 'not_for_sale';
  if (product.price.currency !== currency) return 'currency_mismatch';
  return undefined;
}

function lineOf(product: ProductSnapshot, quantity: number): LineDraft {
  return {
    sku: product.sku,
    productId: product.productId,
    name: product.name,
    quantity,
    unitPrice: { amount: product.price.amount, currency: product.price.currency },
  };
}

function draftOf({ lineTotal: _total, ...line }: CartLine): LineDraft {
  return line;
}

/** Skus are the catalog's, which holds them unique regardless of case: "abc-1" is "ABC-1". */
function indexOf(cart: Cart, sku: string): number {
  const wanted = skuKey(sku);
  return cart.lines.findIndex((line) => skuKey(line.sku) === wanted);
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((existing, i) => (i === index ? item : existing));
}

/** The cart with these lines, every amount computed again (see `totals.ts`), one version on. */
function repriced<C extends Cart>(cart: C, lines: readonly LineDraft[], at: Stamp): C {
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
