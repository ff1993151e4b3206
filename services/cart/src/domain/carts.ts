import type { Cart, Store, TaxRate } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { holdsAnonymous, mayUse, worksAt } from './access.ts';
import {
  addToCart,
  type CappedLine,
  type DroppedLine,
  mergeLines,
  openCart,
  openOnlineCart,
  type PriceChange,
  repriceLines,
  type Stamp,
  setQuantity,
  skuKey,
  viewOf,
  withoutLine,
} from './cart.ts';
import { hashOfCartToken, newCartToken } from './cart-token.ts';
import {
  cartBusy,
  cartNotFound,
  noCartForCustomer,
  noCartForSession,
  sessionNotFound,
  sessionNotOpen,
  storeNotFound,
  unknownSku,
  versionMismatch,
} from './errors.ts';
import { newCartId } from './ids.ts';
import type {
  Caller,
  CartOwner,
  CartRecord,
  CartRepository,
  ProductLookup,
  ProductSnapshot,
  StoreDirectory,
} from './ports.ts';

/** `If-Match`: any version (`*`), or one of these. */
export type VersionCondition = 'any' | readonly number[];

/** A caller with a valid token (the routes answer 401 before anything else otherwise). */
export type SignedIn = Caller & { principal: Principal };

export interface CartsDependencies {
  carts: CartRepository;
  stores: StoreDirectory;
  products: ProductLookup;
}

export interface CartsOptions {
  ttlSeconds: number;
  /** The online shop's currency and taxes: every online cart is priced with them. */
  online: { currency: string; taxes: readonly TaxRate[] };
  clock?: () => Date;
}

/**
 * Writers that lost a compare-and-set read again and retry. Only requests on the same cart at the
 * same moment collide (a till scanning fast, a second screen), so a few turns settle any of them.
 */
const ATTEMPTS = 25;

/** Catalog reads of one reprice or merge in flight at once (a cart has up to 200 lines). */
const CATALOG_READS_AT_ONCE = 8;

/** Anonymous carts remembered as merged into a customer's cart: enough for merges racing each other. */
const MERGES_REMEMBERED = 20;

/**
 * The cart use cases. Every change is read, change, compare-and-set: of two writers that read the
 * same cart, one stores and the other reads again and applies its change on top, so none is lost.
 */
export class Carts {
  readonly #carts: CartRepository;
  readonly #stores: StoreDirectory;
  readonly #products: ProductLookup;
  readonly #ttlSeconds: number;
  readonly #online: CartsOptions['online'];
  readonly #clock: () => Date;

  constructor(dependencies: CartsDependencies, options: CartsOptions) {
    this.#carts = dependencies.carts;
    this.#stores = dependencies.stores;
    this.#products = dependencies.products;
    this.#ttlSeconds = options.ttlSeconds;
    this.#online = options.online;
    this.#clock = options.clock ?? (() => new Date());
  }

  /**
   * The register session's cart, made on the first call (`created`). One per session: calls that
   * race each make a cart, only the first to claim the session's index keeps it, and the others
   * answer that one.
   */
  async open(caller: SignedIn, sessionId: string): Promise<{ cart: Cart; created: boolean }> {
    const session = await this.#stores.session(sessionId, caller);
    if (!session || !worksAt(caller.principal, session.storeId)) throw sessionNotFound(sessionId);
    if (session.status !== 'open') throw sessionNotOpen(sessionId, session.status);
    let store: Store | undefined;
    const { record, created } = await this.#ownedCart({ kind: 'session', id: sessionId }, async () => {
      store ??= await this.#stores.store(session.storeId, caller);
      if (!store) throw storeNotFound(session.storeId);
      return openCart(newCartId(), session, store, this.#stamp());
    });
    return { cart: viewOf(record), created };
  }

  /**
   * An online cart. A signed-in customer's: their one cart, made on the first call (`created`),
   * the same cart for calls racing each other. An anonymous visitor's: a new cart each call, with
   * the secret `cartToken` that reaches it — given here once, and stored only as its hash.
   */
  async openOnline(caller: Caller): Promise<{ cart: Cart; created: boolean; cartToken?: string }> {
    if (caller.principal) {
      const { record, created } = await this.#customerCart(caller.principal.subject);
      return { cart: viewOf(record), created };
    }
    const cartToken = newCartToken();
    const cart: CartRecord = { ...this.#newOnline(null), tokenHash: hashOfCartToken(cartToken) };
    await this.#carts.insert(cart);
    return { cart: viewOf(cart), created: true, cartToken };
  }

  /** The signed-in customer's cart, or a 404 when they have none (yet, or any more). */
  async mine(caller: SignedIn): Promise<Cart> {
    const customerId = caller.principal.subject;
    const id = await this.#carts.cartIdOf({ kind: 'customer', id: customerId });
    const cart = id === undefined ? undefined : await this.#carts.find(id);
    if (!cart || cart.customerId !== customerId) throw noCartForCustomer();
    return viewOf(cart);
  }

  async get(caller: Caller, id: string): Promise<Cart> {
    return viewOf(await this.#readable(caller, id));
  }

  async ofSession(caller: SignedIn, sessionId: string): Promise<Cart> {
    const id = await this.#carts.cartIdOf({ kind: 'session', id: sessionId });
    const cart = id === undefined ? undefined : await this.#carts.find(id);
    if (!cart || !mayUse(caller, cart)) throw noCartForSession(sessionId);
    return viewOf(cart);
  }

  /**
   * Adds a product by sku, priced as the catalog prices it now: it is asked on every add (and
   * nothing of its answer is kept but the line), so a head-office price change reaches the very
   * next line added, in any store.
   */
  async addLine(
    caller: Caller,
    id: string,
    line: { sku: string; quantity: number },
    condition?: VersionCondition,
  ): Promise<Cart> {
    await this.#readable(caller, id);
    const product = await this.#products.bySku(line.sku, caller);
    if (!product) throw unknownSku(line.sku);
    const cart = await this.#change(caller, id, condition, (current, at) =>
      addToCart(current, product, line.quantity, at),
    );
    return viewOf(cart);
  }

  async changeLine(
    caller: Caller,
    id: string,
    sku: string,
    quantity: number,
    condition?: VersionCondition,
  ): Promise<Cart> {
    const cart = await this.#change(caller, id, condition, (current, at) =>
      setQuantity(current, sku, quantity, at),
    );
    return viewOf(cart);
  }

  async removeLine(caller: Caller, id: string, sku: string, condition?: VersionCondition): Promise<Cart> {
    return viewOf(await this.#change(caller, id, condition, (current, at) => withoutLine(current, sku, at)));
  }

  /**
   * Reads every line's product from the catalog again: a changed price replaces the line's
   * snapshot and is reported (`from` → `to`); a product gone, inactive or now in another currency
   * takes its line out (`removed`). The shop calls it before the payment step, so the customer sees
   * a new price before paying. Nothing changed: the same cart, no new version.
   */
  async reprice(
    caller: Caller,
    id: string,
    condition?: VersionCondition,
  ): Promise<{ cart: Cart; changes: PriceChange[]; removed: DroppedLine[] }> {
    const catalog = new Map<string, ProductSnapshot | undefined>();
    let outcome: { changes: PriceChange[]; removed: DroppedLine[] } = { changes: [], removed: [] };
    const cart = await this.#change(
      caller,
      id,
      condition,
      (current, at) => {
        const repriced = repriceLines(current, catalog, at);
        outcome = repriced;
        return repriced.cart;
      },
      // Read before each attempt's change, for the skus not read yet (lines added meanwhile).
      (current) =>
        this.#lookUp(
          current.lines.map((line) => line.sku),
          caller,
          catalog,
        ),
    );
    return { cart: viewOf(cart), changes: outcome.changes, removed: outcome.removed };
  }

  /**
   * At sign-in: the anonymous cart `anonymousId` (its token in `caller`) goes into the customer's
   * cart — made if they have none — quantities summed and capped at 999, every merged line at the
   * catalog's price now; then the anonymous cart is discarded.
   *
   * Exactly once, even for merges racing each other or one cut short: the anonymous cart is first
   * frozen (marked as going to this customer: no other write, no reader), the customer's cart
   * records the anonymous cart's id in the same compare-and-set that adds its lines (a merge that
   * finds it there adds nothing), and only then is the anonymous cart discarded. A merge cut short
   * is finished by the customer's next one; a merge after the anonymous cart is gone is a 404.
   */
  async merge(
    caller: SignedIn,
    anonymousId: string,
  ): Promise<{ cart: Cart; capped: CappedLine[]; dropped: DroppedLine[] }> {
    const customerId = caller.principal.subject;
    const catalog = new Map<string, ProductSnapshot | undefined>();
    // Tried on the customer's cart as it is before anything changes: a merge that cannot be made
    // (a total too large) is refused with the anonymous cart untouched.
    const tryOn = async (lines: Cart['lines']) => {
      const id = await this.#carts.cartIdOf({ kind: 'customer', id: customerId });
      const target =
        (id === undefined ? undefined : await this.#carts.find(id)) ?? this.#newOnline(customerId);
      mergeLines(target, lines, catalog, this.#stamp());
    };
    const anonymous = await this.#freeze(caller, anonymousId, customerId, catalog, tryOn);
    let notes: { capped: CappedLine[]; dropped: DroppedLine[] } = { capped: [], dropped: [] };
    let merged: CartRecord | undefined;
    for (let attempt = 0; attempt < ATTEMPTS && !merged; attempt += 1) {
      const { record: target } = await this.#customerCart(customerId);
      if (target.merged?.includes(anonymous.id)) {
        merged = target; // a merge racing this one added it already
        break;
      }
      const result = mergeLines(target, anonymous.lines, catalog, this.#stamp());
      const next: CartRecord = {
        ...result.cart,
        merged: [...(target.merged ?? []), anonymous.id].slice(-MERGES_REMEMBERED),
      };
      if (await this.#carts.replace(target, next)) {
        await this.#carts.keep({ kind: 'customer', id: customerId }, next.id);
        merged = next;
        notes = result;
      }
    }
    if (!merged) throw cartBusy(anonymousId);
    await this.#discardFrozen(anonymous.id);
    return { cart: viewOf(merged), capped: notes.capped, dropped: notes.dropped };
  }

  /** Ordering discards the cart once its sale is complete. A cart already gone is no error. */
  async discard(caller: Caller, id: string, condition?: VersionCondition): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const cart = await this.#carts.find(id);
      if (!cart || cart.mergingInto !== undefined) return;
      if (!mayUse(caller, cart)) throw cartNotFound(id);
      assertVersion(cart, condition);
      if (await this.#carts.discard(cart)) return;
    }
    throw cartBusy(id);
  }

  /** The cart, if the caller may use it; a cart being merged away is gone already. */
  async #readable(caller: Caller, id: string): Promise<CartRecord> {
    const cart = await this.#carts.find(id);
    if (!cart || cart.mergingInto !== undefined || !mayUse(caller, cart)) throw cartNotFound(id);
    return cart;
  }

  /**
   * The one cart of `owner`, made by `make` when there is none: the new cart is stored first, then
   * claims the owner's index with compare-and-set from what the index held (nothing, or a cart
   * since gone); a loser discards its cart and answers the winner's.
   */
  async #ownedCart(
    owner: CartOwner,
    make: () => Promise<CartRecord> | CartRecord,
  ): Promise<{ record: CartRecord; created: boolean }> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const indexed = await this.#carts.cartIdOf(owner);
      const existing = indexed === undefined ? undefined : await this.#carts.find(indexed);
      if (existing) return { record: existing, created: false };
      const cart = await make();
      // The cart first, then the index: whoever finds the index finds the cart.
      await this.#carts.insert(cart);
      if (await this.#carts.claim(owner, cart.id, indexed)) return { record: cart, created: true };
      await this.#carts.discard(cart);
    }
    throw cartBusy(owner.id);
  }

  #customerCart(customerId: string): Promise<{ record: CartRecord; created: boolean }> {
    return this.#ownedCart({ kind: 'customer', id: customerId }, () => this.#newOnline(customerId));
  }

  #newOnline(customerId: string | null): Cart {
    return openOnlineCart(newCartId(), customerId, this.#online.currency, this.#online.taxes, this.#stamp());
  }

  /**
   * Marks the anonymous cart as going to `customerId`, the catalog read beforehand for every line
   * and the merge tried (so a catalog that cannot answer, or a total too large, fails the merge
   * before anything changes). Already marked for
   * this customer: a merge under way or cut short, which this one finishes. For anyone else, or
   * without its token: no such cart.
   */
  async #freeze(
    caller: Caller,
    id: string,
    customerId: string,
    catalog: Map<string, ProductSnapshot | undefined>,
    tryOn: (lines: Cart['lines']) => Promise<void>,
  ): Promise<CartRecord> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const cart = await this.#carts.find(id);
      if (!cart || !holdsAnonymous(caller, cart)) throw cartNotFound(id);
      if (cart.mergingInto !== undefined && cart.mergingInto !== customerId) throw cartNotFound(id);
      await this.#lookUp(
        cart.lines.map((line) => line.sku),
        caller,
        catalog,
      );
      if (cart.mergingInto === customerId) return cart;
      await tryOn(cart.lines);
      const frozen: CartRecord = { ...cart, mergingInto: customerId };
      if (await this.#carts.replace(cart, frozen)) return frozen;
    }
    throw cartBusy(id);
  }

  /** Discards a frozen cart (nothing else writes it, but a racing merge may discard it first). */
  async #discardFrozen(id: string): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const cart = await this.#carts.find(id);
      if (!cart || (await this.#carts.discard(cart))) return;
    }
  }

  /** Reads into `catalog` every sku it does not hold yet, a few at a time. */
  async #lookUp(skus: readonly string[], caller: Caller, catalog: Map<string, ProductSnapshot | undefined>) {
    const missing = [...new Set(skus.map(skuKey))].filter((key) => !catalog.has(key));
    const bySku = new Map(skus.map((sku) => [skuKey(sku), sku]));
    let next = 0;
    const reader = async () => {
      while (next < missing.length) {
        const key = missing[next] as string;
        next += 1;
        catalog.set(key, await this.#products.bySku(bySku.get(key) ?? key, caller));
      }
    };
    await Promise.all(Array.from({ length: Math.min(CATALOG_READS_AT_ONCE, missing.length) }, reader));
  }

  async #change(
    caller: Caller,
    id: string,
    condition: VersionCondition | undefined,
    change: (cart: CartRecord, at: Stamp) => CartRecord,
    prepare?: (cart: CartRecord) => Promise<void>,
  ): Promise<CartRecord> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const current = await this.#readable(caller, id);
      assertVersion(current, condition);
      await prepare?.(current);
      const next = change(current, this.#stamp());
      if (next === current) return current;
      if (await this.#carts.replace(current, next)) {
        const owner = ownerOf(next);
        if (owner) await this.#carts.keep(owner, next.id);
        return next;
      }
    }
    throw cartBusy(id);
  }

  #stamp(): Stamp {
    return { now: this.#clock(), ttlSeconds: this.#ttlSeconds };
  }
}

/** The index that points at this cart, if any (an anonymous cart is reached by its id alone). */
function ownerOf(cart: Cart): CartOwner | undefined {
  if (cart.sessionId !== null) return { kind: 'session', id: cart.sessionId };
  if (cart.customerId !== null) return { kind: 'customer', id: cart.customerId };
  return undefined;
}

function assertVersion(cart: Cart, condition: VersionCondition | undefined): void {
  if (condition === undefined || condition === 'any') return;
  if (!condition.includes(cart.version)) throw versionMismatch(cart.id, cart.version);
}
