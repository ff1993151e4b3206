/**
 * What the register does when the backend cannot take a sale (issue 9): it sells from the copy of
 * the catalog and the store's taxes it keeps, numbers the receipt from its offline series
 * (`<offlineReceiptPrefix>-<device>-<000001…>`), and syncs the sale to `POST /ordering/sales/offline`
 * keyed by the sale id until it is taken. A till of the load does the same when cart cannot open
 * or fill a cart — Redis, where carts live, is away — so selling goes on; the checker then judges
 * these sales like any other (recorded once, paid once, stock moved once).
 */
import { randomBytes } from 'node:crypto';
import { pricedSale } from '@comptoir/pricing';
import type { Client } from './client.ts';

interface TaxRate {
  code: string;
  label: string;
  ratePpm: number;
}

interface Item {
  productId: string;
  name: string;
  /** Cents. */
  unitPrice: number;
}

/** The register's own copy, taken while online (the web register keeps it in IndexedDB). */
export interface RegisterCopy {
  series: string;
  next: number;
  currency: string;
  taxes: TaxRate[];
  items: Map<string, Item>;
}

/** Sales taken offline and accepted by ordering, across the run (a scenario reads the difference). */
export let offlineSalesTaken = 0;

/** The register's series and store, and the products it sells: what a register saves for offline. */
export async function copyOfRegister(
  client: Client,
  registerId: string,
  skus: readonly string[],
  token: string,
): Promise<RegisterCopy> {
  const register = await client.ok<{ storeId: string; offlineReceiptPrefix: string }>(
    'register',
    'GET',
    `/stores/registers/${registerId}`,
    { token },
  );
  const store = await client.ok<{ currency: string; taxes: TaxRate[] }>(
    'store',
    'GET',
    `/stores/stores/${register.storeId}`,
    { token },
  );
  const items = new Map<string, Item>();
  for (const sku of skus) {
    const page = await client.ok<{ items: { id: string; name: string; price: { amount: number } }[] }>(
      'product by sku',
      'GET',
      `/catalog/products?sku=${encodeURIComponent(sku)}`,
    );
    const product = page.items[0];
    if (!product) throw new Error(`no product has the sku ${sku}`);
    items.set(sku, { productId: product.id, name: product.name, unitPrice: product.price.amount });
  }
  const device = randomBytes(3).toString('hex').toUpperCase();
  return { series: `${register.offlineReceiptPrefix}-${device}`, next: 1, ...store, items };
}

/** The offline sale's body for these skus (one line per sku), paid in cash, figures as the register sums them. */
export function offlineSale(copy: RegisterCopy, saleId: string, sessionId: string, skus: readonly string[]) {
  const quantities = new Map<string, number>();
  for (const sku of skus) quantities.set(sku, (quantities.get(sku) ?? 0) + 1);
  const basket = [...quantities].map(([sku, quantity]) => ({ sku, quantity, ...copy.items.get(sku)! }));
  const sale = pricedSale(basket, copy);
  const number = copy.next++;
  return {
    saleId,
    sessionId,
    receiptNumber: `${copy.series}-${String(number).padStart(6, '0')}`,
    soldAt: new Date().toISOString(),
    ...sale,
    payment: { method: 'cash', tendered: { ...sale.total, amount: sale.total.amount + 1_000 } },
  };
}

export function countOfflineSale(): void {
  offlineSalesTaken += 1;
}
