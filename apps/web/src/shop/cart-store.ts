/**
 * The shop's cart. A visitor's is anonymous: cart's `POST /carts` gives its id and secret token
 * once, kept in localStorage (it outlives the tab, as a shop cart should; it is no credential
 * to anything but that cart) and sent as `X-Cart-Token`. A signed-in customer's is their one
 * cart (`/carts/mine`), and a visitor's cart is merged into it at sign-in.
 * Screens read the last cart known here (`useCart`) for the count in the shop's menu.
 */
import type { Ok } from '@comptoir/sdk';
import { useSyncExternalStore } from 'react';
import { call } from '../lib/api.ts';
import { ApiProblem } from '../lib/problems.ts';
import { hasRole, who } from '../lib/who.ts';

export type Cart = Ok<'cart.getCart'>;
export type Repriced = Ok<'cart.repriceCart'>;
export type Merged = Ok<'cart.mergeCart'>;

interface VisitorCart {
  id: string;
  token: string;
}

const KEY = 'comptoir.shop.cart';

function visitorCart(): VisitorCart | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as VisitorCart) : undefined;
  } catch {
    return undefined;
  }
}

function keepVisitorCart(cart: VisitorCart | undefined): void {
  try {
    if (cart) localStorage.setItem(KEY, JSON.stringify(cart));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage refused: the cart lives as long as this page.
  }
}

let known: Cart | undefined;
const listeners = new Set<() => void>();

function remember(cart: Cart | undefined): Cart | undefined {
  known = cart;
  for (const listener of listeners) listener();
  return cart;
}

/** The last cart this page saw (undefined before the first load, or when there is none). */
export function useCart(): Cart | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => known,
  );
}

const isCustomer = () => hasRole(who(), ['customer']);
const isGone = (error: unknown) => error instanceof ApiProblem && error.status === 404;

/** The header an anonymous cart's calls carry; none for a customer's own cart. */
function cartHeader(): { header: { 'x-cart-token': string } } | Record<string, never> {
  const visitor = isCustomer() ? undefined : visitorCart();
  return visitor ? { header: { 'x-cart-token': visitor.token } } : {};
}

/** The current cart, or undefined when there is none yet (or the visitor's expired). */
export async function loadCart(): Promise<Cart | undefined> {
  try {
    if (isCustomer()) {
      // A visitor's cart being merged at sign-in is part of this cart: wait for it.
      await mergeVisitorCart();
      return remember(await call((api) => api.GET('/api/cart/carts/mine')));
    }
    const visitor = visitorCart();
    if (!visitor) return remember(undefined);
    return remember(
      await call((api) =>
        api.GET('/api/cart/carts/{id}', {
          params: { path: { id: visitor.id }, header: { 'x-cart-token': visitor.token } },
        }),
      ),
    );
  } catch (error) {
    if (!isGone(error)) throw error;
    if (!isCustomer()) keepVisitorCart(undefined);
    return remember(undefined);
  }
}

/** The cart to add to: the customer's (made if need be), or the visitor's, opened on first use. */
async function openCart(): Promise<string> {
  if (isCustomer()) {
    const cart = await call((api) => api.POST('/api/cart/carts', { body: { channel: 'online' } }));
    return cart.id;
  }
  const held = visitorCart();
  if (held) return held.id;
  const opened = await call((api) => api.POST('/api/cart/carts', { body: { channel: 'online' } }));
  const token = 'cartToken' in opened ? opened.cartToken : undefined;
  if (!token) throw new Error('cart gave no token for an anonymous cart');
  keepVisitorCart({ id: opened.id, token });
  return opened.id;
}

export async function addToCart(sku: string, quantity: number): Promise<Cart> {
  const add = async () => {
    const id = await openCart();
    return call((api) =>
      api.POST('/api/cart/carts/{id}/lines', {
        params: { path: { id }, ...cartHeader() },
        body: { sku, quantity },
      }),
    );
  };
  try {
    return remember(await add()) as Cart;
  } catch (error) {
    // A visitor's cart that expired (its TTL ran out): start a new one, once.
    if (!isGone(error) || isCustomer()) throw error;
    keepVisitorCart(undefined);
    return remember(await add()) as Cart;
  }
}

export async function changeQuantity(cart: Cart, sku: string, quantity: number): Promise<Cart> {
  const changed = await call((api) =>
    api.PATCH('/api/cart/carts/{id}/lines/{sku}', {
      params: { path: { id: cart.id, sku }, ...cartHeader() },
      body: { quantity },
    }),
  );
  return remember(changed) as Cart;
}

export async function removeLine(cart: Cart, sku: string): Promise<Cart> {
  const changed = await call((api) =>
    api.DELETE('/api/cart/carts/{id}/lines/{sku}', {
      params: { path: { id: cart.id, sku }, ...cartHeader() },
    }),
  );
  return remember(changed) as Cart;
}

const repricing = new Map<string, Promise<Repriced>>();

/**
 * Each line at the catalog's price now, and what changed (shown before paying). Cart reports a
 * change once, to the reprice that made it: two screens (or React's strict mode mounting one
 * twice) asking at the same moment share one request, so neither loses the notice.
 */
export function repriceCart(cart: Cart): Promise<Repriced> {
  let answer = repricing.get(cart.id);
  if (!answer) {
    answer = call((api) =>
      api.POST('/api/cart/carts/{id}/reprice', { params: { path: { id: cart.id }, ...cartHeader() } }),
    )
      .then((repriced) => {
        remember(repriced.cart);
        return repriced;
      })
      .finally(() => repricing.delete(cart.id));
    repricing.set(cart.id, answer);
  }
  return answer;
}

/** After an order is placed: the cart is spent (best effort: a cart left over expires anyway). */
export async function discardCart(cart: Cart): Promise<void> {
  remember(undefined);
  await call((api) =>
    api.DELETE('/api/cart/carts/{id}', { params: { path: { id: cart.id }, ...cartHeader() } }),
  ).catch(() => undefined);
}

/**
 * At sign-in: the visitor's cart goes into the customer's (cart sums quantities and takes the
 * catalog's prices now). Undefined when there was nothing to merge. The visitor's cart is
 * forgotten here once merged — or found gone (expired, or merged by another tab).
 */
export function mergeVisitorCart(): Promise<Merged | undefined> {
  // One merge at a time for the page: two screens asking at once share it.
  merging ??= merge().finally(() => {
    merging = undefined;
  });
  return merging;
}

let merging: Promise<Merged | undefined> | undefined;

async function merge(): Promise<Merged | undefined> {
  const visitor = visitorCart();
  if (!visitor || !isCustomer()) return undefined;
  try {
    const merged = await call((api) =>
      api.POST('/api/cart/carts/mine/merge', {
        params: { header: { 'x-cart-token': visitor.token } },
        body: { cartId: visitor.id },
      }),
    );
    keepVisitorCart(undefined);
    remember(merged.cart);
    return merged;
  } catch (error) {
    if (!isGone(error)) throw error;
    keepVisitorCart(undefined);
    return undefined;
  }
}

/** How many articles a cart holds (the menu's count). */
export const articles = (cart: Cart | undefined) =>
  cart?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
