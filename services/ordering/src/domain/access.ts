import { hasRole, type Principal } from '@comptoir/platform';
import { notYourStore } from './errors.ts';

/*
 * Who may sell, take returns and read sales: head office (`admin`) anywhere; a store's cashiers
 * and managers (its id in their `storeIds`) at that store. Everyone else is refused by the route
 * group's roles before reaching here. Reading another store's sale is a 404, as if it did not
 * exist.
 */

/** The owner of a key or a record: kinds are spelled out because a client id and a user id could meet. */
export const actorId = (actor: Principal): string => `${actor.kind}:${actor.subject}`;

export const isHeadOffice = (actor: Principal): boolean => hasRole(actor, 'admin');

export function worksAt(actor: Principal, storeId: string | null): boolean {
  if (isHeadOffice(actor)) return true;
  return storeId !== null && hasRole(actor, 'cashier', 'store_manager') && actor.storeIds.includes(storeId);
}

/** A sale or a return at `storeId`. */
export function assertWorksAt(actor: Principal, storeId: string | null): void {
  if (!worksAt(actor, storeId)) throw notYourStore(storeId);
}
