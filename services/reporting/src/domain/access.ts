import { hasRole, type Principal } from '@comptoir/platform';
import { notYourStore, reportsForbidden } from './errors.ts';
import type { StoreScope } from './ports.ts';

/*
 * Who sees which figures — the rule stores applies to a store's tills, narrowed to managers:
 * - head office (`admin`) sees every store, and the online shop;
 * - a `store_manager` sees the stores in their token's `storeIds`, and asking for another is a
 *   403 (stores are public, so the refusal tells nothing new; stores answers the same for a
 *   store-level list);
 * - anyone else (cashiers, customers, sellers, machine clients without the role) is refused.
 */

export const isHeadOffice = (actor: Principal): boolean => hasRole(actor, 'admin');

/** The stores a report for `actor` covers: the one asked for, or every store they may see. */
export function scopeFor(actor: Principal, storeId: string | undefined): StoreScope {
  if (isHeadOffice(actor)) return storeId ? { all: false, storeIds: [storeId] } : { all: true };
  if (!hasRole(actor, 'store_manager')) throw reportsForbidden();
  if (storeId === undefined) return { all: false, storeIds: actor.storeIds };
  if (!actor.storeIds.includes(storeId)) throw notYourStore(storeId);
  return { all: false, storeIds: [storeId] };
}
