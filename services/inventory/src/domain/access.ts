import type { Location } from '@comptoir/contracts';
import { hasRole, type Principal } from '@comptoir/platform';
import { headOfficeOnly, notYourLocation } from './errors.ts';

/*
 * Who may change which stock. Head office (`admin`) and the platform's own services (an OAuth2
 * client granted `stock:write`, such as ordering or stores) act anywhere. A `store_manager` acts
 * at the locations of the stores in its `storeIds`; a `cashier` there too, but only to sell or
 * take a return. Nobody but head office touches the online warehouse by hand.
 */

export const STOCK_WRITE_SCOPE = 'stock:write';

export function isHeadOffice(actor: Principal): boolean {
  if (hasRole(actor, 'admin')) return true;
  return actor.kind === 'client' && actor.scopes.includes(STOCK_WRITE_SCOPE);
}

function worksAt(actor: Principal, location: Location): boolean {
  return location.storeId !== null && actor.storeIds.includes(location.storeId);
}

/** Receive, count, adjust, transfer, thresholds: head office, or the manager of every location touched. */
export function assertMayManage(actor: Principal, ...locations: Location[]): void {
  if (isHeadOffice(actor)) return;
  for (const location of locations) {
    if (!hasRole(actor, 'store_manager') || !worksAt(actor, location)) throw notYourLocation(location.id);
  }
}

/** A sale or a return at the counter: head office, or the store's managers and cashiers. */
export function assertMaySell(actor: Principal, location: Location): void {
  if (isHeadOffice(actor)) return;
  if (!hasRole(actor, 'store_manager', 'cashier') || !worksAt(actor, location)) {
    throw notYourLocation(location.id);
  }
}

/** Locations and online reservations belong to head office and the platform's services. */
export function assertHeadOffice(actor: Principal, what: string): void {
  if (!isHeadOffice(actor)) throw headOfficeOnly(what);
}
