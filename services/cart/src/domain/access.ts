import type { Cart } from '@comptoir/contracts';
import { hasRole, type Principal } from '@comptoir/platform';

/*
 * Who may see and change a cart. Head office (`admin`) any. A register session's cart (`pos`):
 * the cashiers and managers of its store. A customer's cart (`online`, issue 5): that customer.
 * Everyone else is told there is no such cart.
 */

/** A cashier or manager working at `storeId`, or head office. */
export function worksAt(actor: Principal, storeId: string): boolean {
  if (hasRole(actor, 'admin')) return true;
  return hasRole(actor, 'cashier', 'store_manager') && actor.storeIds.includes(storeId);
}

export function mayUse(actor: Principal, cart: Cart): boolean {
  if (cart.channel === 'pos') return cart.storeId !== null && worksAt(actor, cart.storeId);
  return hasRole(actor, 'admin') || (cart.customerId !== null && actor.subject === cart.customerId);
}
