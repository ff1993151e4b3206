import type { Cart, CashSession, Money, Store } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';

/** What the domain needs from storage and from the other services. `src/data` and `src/upstreams` implement these. */

/**
 * Who asks, and the credentials their calls to other services carry (on-behalf-of: stores and
 * catalog apply their own rules to the same person). An anonymous visitor has no principal, only
 * the secret token of their cart.
 */
export interface Caller {
  /** The signed-in caller; `undefined` for an anonymous visitor. */
  principal: Principal | undefined;
  /** The caller's `Authorization` header, forwarded as is. */
  credentials: string | undefined;
  /** The `X-Cart-Token` header: the secret of an anonymous cart. */
  cartToken?: string | undefined;
}

/** A cart as it is stored: the API's cart, and what the API never shows. */
export interface CartRecord extends Cart {
  /** An anonymous cart: the SHA-256 (hex) of the token its visitor holds. The token is never stored. */
  tokenHash?: string;
  /**
   * An anonymous cart being merged into this customer's cart: frozen (no other write, no reader)
   * until the merge that marked it — or that customer's next merge — has added it and discarded it.
   */
  mergingInto?: string;
  /** A customer's cart: the anonymous carts already merged into it (the latest few), so a merge adds once. */
  merged?: string[];
}

/** What points at the one cart of a register session, or of a customer. */
export type CartOwner = { kind: 'session'; id: string } | { kind: 'customer'; id: string };

/**
 * Carts and their owners' indexes (session → cart, customer → cart), each with a time to live
 * that every write starts again. Writes are compare-and-set: they store only over the cart the
 * writer read.
 */
export interface CartRepository {
  find(id: string): Promise<CartRecord | undefined>;
  /** The id the owner's index points at; the cart itself may have gone since. */
  cartIdOf(owner: CartOwner): Promise<string | undefined>;
  /** Stores a new cart (its id is fresh, so nothing can be there). */
  insert(cart: CartRecord): Promise<void>;
  /** Stores `next` only if the cart is still exactly `current`. */
  replace(current: CartRecord, next: CartRecord): Promise<boolean>;
  /** Removes the cart only if it is still exactly `current`. */
  discard(current: CartRecord): Promise<boolean>;
  /** Points the owner at `cartId` only if it still points at `expected` (`undefined`: at nothing). */
  claim(owner: CartOwner, cartId: string, expected: string | undefined): Promise<boolean>;
  /** Starts the index's time to live again, if it still points at `cartId`. */
  keep(owner: CartOwner, cartId: string): Promise<void>;
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
