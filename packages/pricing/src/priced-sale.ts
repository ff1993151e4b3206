import type { TaxRate } from '@comptoir/contracts';
import { totalsOf } from './totals.ts';

/** A line as a register sells it: the product and its price when it was added, in cents. */
export interface SaleItem {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  /** Cents. */
  unitPrice: number;
}

export interface Money {
  amount: number;
  currency: string;
}

/** The figures of a sale as ordering's sale contracts carry them: lines, subtotal, taxes, total. */
export interface PricedSale {
  currency: string;
  lines: (Omit<SaleItem, 'unitPrice'> & { unitPrice: Money; lineTotal: Money })[];
  subtotal: Money;
  taxes: { code: string; label: string; ratePpm: number; amount: Money }[];
  total: Money;
}

/**
 * A sale's lines and sums in money, by the one rule of `totalsOf` — what a register sends when it
 * sells offline (ordering checks the figures add up by the same rule).
 *
 * @example
 * pricedSale([{ sku: 'MOB-001-1', productId: 'prd_1', name: 'Vase', quantity: 2, unitPrice: 1999 }], {
 *   currency: 'CAD', taxes: [{ code: 'GST', label: 'TPS', ratePpm: 50_000 }],
 * }).total; // → { amount: 4198, currency: 'CAD' }
 */
export function pricedSale(
  items: readonly SaleItem[],
  store: { currency: string; taxes: readonly TaxRate[] },
): PricedSale {
  const { currency } = store;
  const money = (amount: number): Money => ({ amount, currency });
  const totals = totalsOf(items, store.taxes);
  return {
    currency,
    lines: items.map((item, i) => ({
      sku: item.sku,
      productId: item.productId,
      name: item.name,
      quantity: item.quantity,
      unitPrice: money(item.unitPrice),
      lineTotal: money(totals.lineTotals[i] ?? 0),
    })),
    subtotal: money(totals.subtotal),
    taxes: totals.taxes.map((tax) => ({
      code: tax.code,
      label: tax.label,
      ratePpm: tax.ratePpm,
      amount: money(tax.amount),
    })),
    total: money(totals.total),
  };
}
