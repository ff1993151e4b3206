import { hasRole, type Principal } from '@comptoir/platform';
import { cartTokenMatches } from './cart-token.ts';
import type { Caller, CartRecord } from './ports.ts';

/*
 * Who may see and change a cart. A register session's cart (`pos`): the cashiers and managers of
 * its store, and head office (`admin`). A customer's cart (`online` with a `customerId`): that
 * customer, and head office. An anonymous cart (`online`, no customer): whoever holds its token —
 * nobody else, head office included. Everyone else is told there is no such cart.
 */

/** A cashier or manager working at `storeId`, or head office. */
export function worksAt(actor: Principal, storeId: string): boolean {
  if (hasRole(actor, 'admin')) return true;
  return hasRole(actor, 'cashier', 'store_manager') && actor.storeIds.includes(storeId);
}

export function mayUse(caller: Caller, cart: CartRecord): boolean {
  const actor = caller.principal;
  if (cart.channel === 'pos')
    return actor !== undefined && cart.storeId !== null && worksAt(actor, cart.storeId);
  if (cart.customerId !== null) {
    return actor !== undefined && (hasRole(actor, 'admin') || actor.subject === cart.customerId);
  }
  return cartTokenMatches(caller.cartToken, cart.tokenHash);
}

/** An anonymous cart whose token the caller holds (what a merge takes). */
export function holdsAnonymous(caller: Caller, cart: CartRecord): boolean {
  return (
    cart.channel === 'online' &&
    cart.customerId === null &&
    cartTokenMatches(caller.cartToken, cart.tokenHash)
  );
}
