/**
 * The basket of a sale made offline: lines priced from the device's catalog, summed by the same
 * rule as the cart service (@comptoir/pricing: integer cents, each tax rounded once), so the
 * figures the server checks at sync are the ones the customer was shown.
 */
import { pricedSale } from '@comptoir/pricing';
import type { OfflineSaleBody, Product, Store } from './device-db.ts';

export interface BasketLine {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  /** Cents, the catalog's price when the line was added. */
  unitPrice: number;
}

export type Priced = Pick<OfflineSaleBody, 'lines' | 'subtotal' | 'taxes' | 'total' | 'currency'>;

/** The basket with one more of a product (a new line, or more of its line). */
export function withProduct(lines: readonly BasketLine[], product: Product, quantity: number): BasketLine[] {
  const existing = lines.find((line) => line.sku === product.sku);
  if (existing) return withQuantity(lines, product.sku, existing.quantity + quantity);
  return [
    ...lines,
    {
      sku: product.sku,
      productId: product.id,
      name: product.name,
      quantity,
      unitPrice: product.price.amount,
    },
  ];
}

/** The basket with a line's quantity set; zero or less removes it. */
export function withQuantity(lines: readonly BasketLine[], sku: string, quantity: number): BasketLine[] {
  if (quantity <= 0) return lines.filter((line) => line.sku !== sku);
  return lines.map((line) => (line.sku === sku ? { ...line, quantity } : line));
}

/** The lines, subtotal, taxes and total as the offline-sale contract carries them. */
export function priced(lines: readonly BasketLine[], store: Pick<Store, 'currency' | 'taxes'>): Priced {
  return pricedSale(lines, store);
}
