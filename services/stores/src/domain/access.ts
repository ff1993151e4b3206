import { hasRole, type Principal } from '@comptoir/platform';
import { headOfficeOnly, notYourSession, notYourStore } from './errors.ts';

/*
 * Who may do what with stores.
 * - Stores themselves are public (a store locator); only head office (`admin`) creates and edits them.
 * - A store's registers, cash sessions and reports are its staff's business: head office, and the
 *   cashiers and store managers whose `storeIds` include the store. To anyone else a register,
 *   session or report of that store does not exist (404); a store-level list they may not read is
 *   a 403, since the store itself is public.
 * - Registers are added by head office or the store's managers. A session is opened by the store's
 *   cashiers and managers (or head office), and closed by the cashier who opened it, the store's
 *   managers or head office.
 */

export const isHeadOffice = (actor: Principal): boolean => hasRole(actor, 'admin');

/** A cashier or store manager of the store, or head office. */
export function isStaffOf(actor: Principal, storeId: string): boolean {
  if (isHeadOffice(actor)) return true;
  return hasRole(actor, 'cashier', 'store_manager') && actor.storeIds.includes(storeId);
}

const managesStore = (actor: Principal, storeId: string): boolean =>
  isHeadOffice(actor) || (hasRole(actor, 'store_manager') && actor.storeIds.includes(storeId));

export function assertHeadOffice(actor: Principal, what: string): void {
  if (!isHeadOffice(actor)) throw headOfficeOnly(what);
}

export function assertMayAddRegister(actor: Principal, storeId: string): void {
  if (!managesStore(actor, storeId)) throw notYourStore(storeId, 'add registers');
}

export function assertMaySetOfflineCard(actor: Principal, storeId: string): void {
  if (!managesStore(actor, storeId)) throw notYourStore(storeId, 'set its offline-card policy');
}

export function assertMayListRegisters(actor: Principal, storeId: string): void {
  if (!isStaffOf(actor, storeId)) throw notYourStore(storeId, 'see its registers');
}

export function assertMayClose(
  actor: Principal,
  session: { id: string; storeId: string; cashierId: string },
) {
  if (managesStore(actor, session.storeId)) return;
  if (session.cashierId !== actor.subject) throw notYourSession(session.id);
}
