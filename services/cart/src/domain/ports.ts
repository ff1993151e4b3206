import type { Cart, CashSession, Money, Store } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';

/** What the domain needs from storage and from the other services. `src/data` and `src/upstreams` implement these. */

/**
 * Who asks, and the credentials their calls to other services carry (on-behalf-of: stores and
 * catalog apply their own rules to the same person).
 */
export interface Caller {
  principal: Principal;
  /** The caller's `Authorization` header, forwarded as is. */
  credentials: string | undefined;
}

/**
 * Carts and the session index (session → cart), each with a time to live that every write starts
 * again. Writes are compare-and-set: they store only over the cart the writer read.
 */
export interface CartRepository {
  find(id: string): Promise<Cart | undefined>;
  /** The id the session's index points at; the cart itself may have gone since. */
  cartIdOfSession(sessionId: string): Promise<string | undefined>;
  /** Stores a new cart (its id is fresh, so nothing can be there). */
  insert(cart: Cart): Promise<void>;
  /** Stores `next` only if the cart is still exactly `current`. */
  replace(current: Cart, next: Cart): Promise<boolean>;
  /** Removes the cart only if it is still exactly `current`. */
  discard(current: Cart): Promise<boolean>;
  /** Points the session at `cartId` only if it still points at `expected` (`undefined`: at nothing). */
  claimSession(sessionId: string, cartId: string, expected: string | undefined): Promise<boolean>;
  /** Starts the index's time to live again, if it still points at `cartId`. */
  keepSession(sessionId: string, cartId: string): Promise<void>;
}

export interface StoreDirectory {
  /** The session as the caller may see it; `undefined` when there is none (or not for them). */
  session(id: string, caller: Caller): Promise<CashSession | undefined>;
  store(id: string, caller: Caller): Promise<Store | undefined>;
}

/** A product as a line needs it, read from the catalog at the moment the line is added. */
export interface ProductSnapshot {
  productId: string;
  /** As the catalog spells it. */
  sku: string;
  name: string;
  price: Money;
  active: boolean;
}

export interface ProductLookup {
  /** The product with exactly this sku (ignoring case), or `undefined` if none (or deleted). */
  bySku(sku: string, caller: Caller): Promise<ProductSnapshot | undefined>;
}
