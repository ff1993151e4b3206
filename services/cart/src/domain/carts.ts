import type { Cart, Store } from '@comptoir/contracts';
import { mayUse, worksAt } from './access.ts';
import { addToCart, openCart, type Stamp, setQuantity, withoutLine } from './cart.ts';
import {
  cartBusy,
  cartNotFound,
  noCartForSession,
  sessionNotFound,
  sessionNotOpen,
  storeNotFound,
  unknownSku,
  versionMismatch,
} from './errors.ts';
import { newCartId } from './ids.ts';
import type { Caller, CartRepository, ProductLookup, StoreDirectory } from './ports.ts';

/** `If-Match`: any version (`*`), or one of these. */
export type VersionCondition = 'any' | readonly number[];

export interface CartsDependencies {
  carts: CartRepository;
  stores: StoreDirectory;
  products: ProductLookup;
}

export interface CartsOptions {
  ttlSeconds: number;
  clock?: () => Date;
}

/**
 * Writers that lost a compare-and-set read again and retry. Only requests on the same cart at the
 * same moment collide (a till scanning fast, a second screen), so a few turns settle any of them.
 */
const ATTEMPTS = 25;

/**
 * The cart use cases. Every change is read, change, compare-and-set: of two writers that read the
 * same cart, one stores and the other reads again and applies its change on top, so none is lost.
 */
export class Carts {
  readonly #carts: CartRepository;
  readonly #stores: StoreDirectory;
  readonly #products: ProductLookup;
  readonly #ttlSeconds: number;
  readonly #clock: () => Date;

  constructor(dependencies: CartsDependencies, options: CartsOptions) {
    this.#carts = dependencies.carts;
    this.#stores = dependencies.stores;
    this.#products = dependencies.products;
    this.#ttlSeconds = options.ttlSeconds;
    this.#clock = options.clock ?? (() => new Date());
  }

  /**
   * The register session's cart, made on the first call (`created`). One per session: calls that
   * race each make a cart, only the first to claim the session's index keeps it, and the others
   * answer that one.
   */
  async open(caller: Caller, sessionId: string): Promise<{ cart: Cart; created: boolean }> {
    const session = await this.#stores.session(sessionId, caller);
    if (!session || !worksAt(caller.principal, session.storeId)) throw sessionNotFound(sessionId);
    if (session.status !== 'open') throw sessionNotOpen(sessionId, session.status);
    let store: Store | undefined;
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const indexed = await this.#carts.cartIdOfSession(sessionId);
      const existing = indexed === undefined ? undefined : await this.#carts.find(indexed);
      if (existing) return { cart: existing, created: false };
      store ??= await this.#stores.store(session.storeId, caller);
      if (!store) throw storeNotFound(session.storeId);
      const cart = openCart(newCartId(), session, store, this.#stamp());
      // The cart first, then the index: whoever finds the index finds the cart.
      await this.#carts.insert(cart);
      if (await this.#carts.claimSession(sessionId, cart.id, indexed)) return { cart, created: true };
      await this.#carts.discard(cart);
    }
    throw cartBusy(sessionId);
  }

  async get(caller: Caller, id: string): Promise<Cart> {
    const cart = await this.#carts.find(id);
    if (!cart || !mayUse(caller.principal, cart)) throw cartNotFound(id);
    return cart;
  }

  async ofSession(caller: Caller, sessionId: string): Promise<Cart> {
    const id = await this.#carts.cartIdOfSession(sessionId);
    const cart = id === undefined ? undefined : await this.#carts.find(id);
    if (!cart || !mayUse(caller.principal, cart)) throw noCartForSession(sessionId);
    return cart;
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
    await this.get(caller, id);
    const product = await this.#products.bySku(line.sku, caller);
    if (!product) throw unknownSku(line.sku);
    return this.#change(caller, id, condition, (cart, at) => addToCart(cart, product, line.quantity, at));
  }

  async changeLine(
    caller: Caller,
    id: string,
    sku: string,
    quantity: number,
    condition?: VersionCondition,
  ): Promise<Cart> {
    return this.#change(caller, id, condition, (cart, at) => setQuantity(cart, sku, quantity, at));
  }

  async removeLine(caller: Caller, id: string, sku: string, condition?: VersionCondition): Promise<Cart> {
    return this.#change(caller, id, condition, (cart, at) => withoutLine(cart, sku, at));
  }

  /** Ordering discards the cart once its sale is complete. A cart already gone is no error. */
  async discard(caller: Caller, id: string, condition?: VersionCondition): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const cart = await this.#carts.find(id);
      if (!cart) return;
      if (!mayUse(caller.principal, cart)) throw cartNotFound(id);
      assertVersion(cart, condition);
      if (await this.#carts.discard(cart)) return;
    }
    throw cartBusy(id);
  }

  async #change(
    caller: Caller,
    id: string,
    condition: VersionCondition | undefined,
    change: (cart: Cart, at: Stamp) => Cart,
  ): Promise<Cart> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const current = await this.get(caller, id);
      assertVersion(current, condition);
      const next = change(current, this.#stamp());
      if (next === current) return current;
      if (await this.#carts.replace(current, next)) {
        if (next.sessionId !== null) await this.#carts.keepSession(next.sessionId, next.id);
        return next;
      }
    }
    throw cartBusy(id);
  }

  #stamp(): Stamp {
    return { now: this.#clock(), ttlSeconds: this.#ttlSeconds };
  }
}

function assertVersion(cart: Cart, condition: VersionCondition | undefined): void {
  if (condition === undefined || condition === 'any') return;
  if (!condition.includes(cart.version)) throw versionMismatch(cart.id, cart.version);
}
