/**
 * Every call the register makes, in one place. The offline register (issue 9) wraps these —
 * reads from its IndexedDB copy, sales into its sync queue — without the screens changing.
 */
import type { Body, Ok, paths } from '@comptoir/sdk';
import { call } from '../lib/api.ts';
import type { Money } from '../lib/money.ts';

export type Store = Ok<'stores.listStores'>['items'][number];
export type Register = Ok<'stores.listRegisters'>['items'][number];
/** The gateway's composed views have no operation id: named by path. */
export type RegisterView =
  paths['/api/views/registers/{id}']['get']['responses'][200]['content']['application/json'];
export type CashSession = Ok<'stores.openSession'>;
export type Cart = Ok<'cart.openCart'>;
export type Product = Ok<'catalog.listProducts'>['items'][number];
export type Sale = Ok<'ordering.createSale'>;
export type SessionReport = Ok<'stores.getXReport'>;
export type Tender = Body<'ordering.createSale'>['payment'];

const PAGE = 100;

export async function myStores(): Promise<Store[]> {
  const page = await call((api) =>
    api.GET('/api/stores/stores', { params: { query: { mine: true, limit: PAGE } } }),
  );
  return page.items;
}

export async function registersOf(storeId: string): Promise<Register[]> {
  const page = await call((api) =>
    api.GET('/api/stores/stores/{id}/registers', {
      params: { path: { id: storeId }, query: { limit: PAGE } },
    }),
  );
  return page.items;
}

/** The register with its open session and basket, if any (a composed view of the gateway). */
export function registerView(registerId: string): Promise<RegisterView> {
  return call((api) => api.GET('/api/views/registers/{id}', { params: { path: { id: registerId } } }));
}

export function openSession(registerId: string, openingFloat: Money): Promise<CashSession> {
  return call((api) =>
    api.POST('/api/stores/registers/{id}/sessions', {
      params: { path: { id: registerId } },
      body: { openingFloat },
    }),
  );
}

/** The session's basket: made by the first call, the same one after (a new one after each sale). */
export function openCart(sessionId: string): Promise<Cart> {
  return call((api) => api.POST('/api/cart/carts', { body: { channel: 'pos', sessionId } }));
}

export function addLine(cartId: string, sku: string, quantity: number): Promise<Cart> {
  return call((api) =>
    api.POST('/api/cart/carts/{id}/lines', { params: { path: { id: cartId } }, body: { sku, quantity } }),
  );
}

export function setQuantity(cartId: string, sku: string, quantity: number): Promise<Cart> {
  return call((api) =>
    api.PATCH('/api/cart/carts/{id}/lines/{sku}', {
      params: { path: { id: cartId, sku } },
      body: { quantity },
    }),
  );
}

export function removeLine(cartId: string, sku: string): Promise<Cart> {
  return call((api) =>
    api.DELETE('/api/cart/carts/{id}/lines/{sku}', { params: { path: { id: cartId, sku } } }),
  );
}

/** What a sku may be (the catalog's pattern): anything else is only searched for. */
const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A scanned or typed code: the product with that exact sku, else the search's matches. */
export async function findProducts(code: string): Promise<Product[]> {
  const exact = !SKU.test(code)
    ? { items: [] }
    : await call((api) =>
        api.GET('/api/catalog/products', { params: { query: { sku: code, active: true, limit: 1 } } }),
      );
  if (exact.items.length > 0) return exact.items;
  const found = await call((api) =>
    api.GET('/api/catalog/products', { params: { query: { q: code, active: true, limit: 8 } } }),
  );
  return found.items;
}

/** Sells the basket. `saleId` is made once per sale and is its idempotency key: a retry is the same sale. */
export function sell(saleId: string, cartId: string, payment: Tender): Promise<Sale> {
  return call((api) =>
    api.POST('/api/ordering/sales', {
      params: { header: { 'idempotency-key': saleId } },
      body: { saleId, cartId, payment },
    }),
  );
}

export function xReport(sessionId: string): Promise<SessionReport> {
  return call((api) =>
    api.GET('/api/stores/sessions/{id}/reports/x', { params: { path: { id: sessionId } } }),
  );
}

export function zReport(sessionId: string): Promise<SessionReport> {
  return call((api) =>
    api.GET('/api/stores/sessions/{id}/reports/z', { params: { path: { id: sessionId } } }),
  );
}

export function closeSession(sessionId: string, countedCash: Money): Promise<CashSession> {
  return call((api) =>
    api.POST('/api/stores/sessions/{id}/close', {
      params: { path: { id: sessionId } },
      body: { countedCash },
    }),
  );
}
