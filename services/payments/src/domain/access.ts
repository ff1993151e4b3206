import type { PaymentMethod, PaymentReference } from '@comptoir/contracts';
import { hasRole, type Principal, type Role } from '@comptoir/platform';
import { notAllowed } from './errors.ts';

/*
 * Who may move or see money.
 * - People sign in as users: cashiers, store managers and head office take cash, refund, and
 *   read every payment; any signed-in person pays by card, and reads the payments they made.
 * - Machines (OAuth2 clients such as ordering's saga worker) act by scope: `payments:write`
 *   takes payments of either method and refunds; `payments:read` (or write) reads them all.
 * - API keys act as their owner *within* their scopes: they need the scope and the owner's role.
 */

export const STAFF: readonly Role[] = ['cashier', 'store_manager', 'admin'];
export const WRITE_SCOPE = 'payments:write';
export const READ_SCOPE = 'payments:read';

/** The owner recorded on a payment: kinds are spelled out because a client id and a user id could meet. */
export const actorId = (actor: Principal): string => `${actor.kind}:${actor.subject}`;

const isStaff = (actor: Principal) => hasRole(actor, ...STAFF);
const hasScope = (actor: Principal, ...scopes: string[]) => scopes.some((s) => actor.scopes.includes(s));

/** `offline_card`: a card a register took while offline, recorded at sync — the counter's, like cash. */
export function assertMayTake(actor: Principal, method: PaymentMethod | 'offline_card'): void {
  if (actor.kind !== 'user' && !hasScope(actor, WRITE_SCOPE)) {
    throw notAllowed(`take payments without the ${WRITE_SCOPE} scope`);
  }
  if (actor.kind === 'client') return;
  if (method === 'cash' && !isStaff(actor)) {
    throw notAllowed('take cash: only cashiers, store managers and head office do');
  }
  if (method === 'offline_card' && !isStaff(actor)) {
    throw notAllowed('record a card taken offline: only cashiers, store managers and head office do');
  }
}

/** Saving a card is for whoever may pay by card: any person, a client or API key with `payments:write`. */
export function assertMaySaveCard(actor: Principal): void {
  assertMayTake(actor, 'card');
}

/**
 * A saved card is charged by whoever saved it (a person directly or through an API key of theirs),
 * or by a platform client with `payments:write` paying an order — ordering's saga, acting for the
 * customer who handed the token over at checkout.
 */
export function mayChargeSavedCard(actor: Principal, owner: string, reference: PaymentReference): boolean {
  if (actor.kind === 'client' && hasScope(actor, WRITE_SCOPE) && reference.kind === 'order') return true;
  if (owner === actorId(actor)) return true;
  return actor.kind === 'api_key' && owner === `user:${actor.subject}`;
}

export function assertMayRefund(actor: Principal): void {
  if (actor.kind !== 'user' && !hasScope(actor, WRITE_SCOPE)) {
    throw notAllowed(`refund without the ${WRITE_SCOPE} scope`);
  }
  if (actor.kind === 'client') return;
  if (!isStaff(actor)) throw notAllowed('refund: only cashiers, store managers and head office do');
}

/** Reads every payment, not only its own. */
export function mayReadAll(actor: Principal): boolean {
  if (actor.kind === 'user') return isStaff(actor);
  const scoped = hasScope(actor, READ_SCOPE, WRITE_SCOPE);
  return actor.kind === 'client' ? scoped : scoped && isStaff(actor);
}

export function assertMayList(actor: Principal): void {
  if (!mayReadAll(actor)) throw notAllowed('list payments');
}
