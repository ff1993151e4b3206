import { hasRole, type Principal } from '@comptoir/platform';
import { notASeller, notYourProduct, notYourSellerId } from './errors.ts';
import type { Product, ProductEdit } from './product.ts';

/*
 * Who may change which product. Head office (`admin`) changes any product and lists it under any
 * seller; a `seller` changes only the products listed under its own id, and lists new ones there.
 */

const isHeadOffice = (actor: Principal) => hasRole(actor, 'admin');

// The routes let only these two roles in; the rule stays whole here all the same.
function assertSeller(actor: Principal): void {
  if (!hasRole(actor, 'seller')) throw notASeller();
}

/** The seller a new product is listed under: any the head office names (or none), else the seller itself. */
export function sellerOfNewProduct(actor: Principal, requested: string | null | undefined): string | null {
  if (isHeadOffice(actor)) return requested ?? null;
  assertSeller(actor);
  if (requested !== undefined && requested !== actor.subject) throw notYourSellerId(actor.subject);
  return actor.subject;
}

/** Refuses an edit or a delete of a product the actor does not sell, or handing it to another seller. */
export function assertMayChange(actor: Principal, product: Product, edit?: ProductEdit): void {
  if (isHeadOffice(actor)) return;
  assertSeller(actor);
  if (product.sellerId !== actor.subject) throw notYourProduct(product.id);
  if (edit?.sellerId !== undefined && edit.sellerId !== actor.subject) throw notYourSellerId(actor.subject);
}
