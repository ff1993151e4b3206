import { QUEBEC_TAXES } from '@comptoir/contracts';
import { describe, expect, it } from 'vitest';
import { AmountTooLarge, pricedSale, taxOn, totalsOf } from '../src/index.ts';

const GST = 50_000;
const QST = 99_750;

describe('a cart’s totals, in integer cents', () => {
  it('taxes of 19,99 $ in Quebec are 1,00 $ GST and 1,99 $ QST', () => {
    const totals = totalsOf([{ unitPrice: 1999, quantity: 1 }], QUEBEC_TAXES);
    expect(totals.taxes).toEqual([
      { code: 'GST', label: 'TPS', ratePpm: GST, amount: 100 }, // 99,95 ¢ rounds up
      { code: 'QST', label: 'TVQ', ratePpm: QST, amount: 199 }, // 199,40025 ¢ rounds down
    ]);
    expect(totals.subtotal).toBe(1999);
    expect(totals.total).toBe(2298);
  });

  it('half a cent goes up: 0,10 $ at 5 % is 0,01 $, 0,30 $ is 0,02 $, 20,00 $ at 9,975 % is 2,00 $', () => {
    expect(taxOn(10, GST)).toBe(1); // 0,5 ¢
    expect(taxOn(30, GST)).toBe(2); // 1,5 ¢
    expect(taxOn(50, GST)).toBe(3); // 2,5 ¢: up, not to even
    expect(taxOn(2000, QST)).toBe(200); // 199,5 ¢
  });

  it('just under half a cent goes down', () => {
    expect(taxOn(9, GST)).toBe(0); // 0,45 ¢
    expect(taxOn(29, GST)).toBe(1); // 1,45 ¢
    expect(taxOn(1995, QST)).toBe(199); // 199,00125 ¢
    expect(taxOn(2004, QST)).toBe(200); // 199,899 ¢
  });

  it('each tax is on the pre-tax subtotal of all lines, rounded once, not line by line nor compounded', () => {
    // Three lines at 0,10 $: line by line, GST would be 3 × round(0,5 ¢) = 3 ¢; on the subtotal it is round(1,5 ¢) = 2 ¢.
    const totals = totalsOf(
      [
        { unitPrice: 10, quantity: 1 },
        { unitPrice: 10, quantity: 1 },
        { unitPrice: 10, quantity: 1 },
      ],
      QUEBEC_TAXES,
    );
    expect(totals.lineTotals).toEqual([10, 10, 10]);
    expect(totals.taxes.map((tax) => tax.amount)).toEqual([2, 3]); // QST 2,9925 ¢, on 30 ¢ and not on 31,5 ¢
    expect(totals.total).toBe(35);
  });

  it('multiplies unit price by quantity and adds the lines', () => {
    const totals = totalsOf(
      [
        { unitPrice: 4999, quantity: 3 },
        { unitPrice: 1299, quantity: 2 },
      ],
      QUEBEC_TAXES,
    );
    expect(totals.lineTotals).toEqual([14_997, 2_598]);
    expect(totals.subtotal).toBe(17_595);
    expect(totals.taxes.map((tax) => tax.amount)).toEqual([880, 1755]); // 879,75 and 1755,10125
    expect(totals.total).toBe(17_595 + 880 + 1755);
  });

  it('a big subtotal is taxed exactly, where floating point would be a cent off', () => {
    const subtotal = 90_071_992_547_604; // 900 719 925 476,04 $
    // subtotal × 99 750 = 8 984 681 256 623 499 000: 0,499 ¢ past the cent, so down.
    expect(Math.round((subtotal * QST) / 1_000_000)).toBe(8_984_681_256_624); // what a float answers
    const totals = totalsOf([{ unitPrice: subtotal, quantity: 1 }], QUEBEC_TAXES);
    expect(totals.taxes.map((tax) => tax.amount)).toEqual([4_503_599_627_380, 8_984_681_256_623]);
    expect(totals.total).toBe(90_071_992_547_604 + 4_503_599_627_380 + 8_984_681_256_623);
  });

  it('an amount past what JSON numbers carry exactly is refused rather than rounded', () => {
    expect(() => totalsOf([{ unitPrice: Number.MAX_SAFE_INTEGER, quantity: 2 }], [])).toThrow(AmountTooLarge);
    expect(() => totalsOf([{ unitPrice: Number.MAX_SAFE_INTEGER, quantity: 1 }], QUEBEC_TAXES)).toThrow(
      AmountTooLarge,
    );
    expect(totalsOf([{ unitPrice: Number.MAX_SAFE_INTEGER, quantity: 1 }], []).total).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('an empty cart is zero everywhere, with every tax of the store listed', () => {
    expect(totalsOf([], QUEBEC_TAXES)).toEqual({
      lineTotals: [],
      subtotal: 0,
      taxes: [
        { code: 'GST', label: 'TPS', ratePpm: GST, amount: 0 },
        { code: 'QST', label: 'TVQ', ratePpm: QST, amount: 0 },
      ],
      total: 0,
    });
  });

  it('refuses amounts that are not whole non-negative cents: money is never a float', () => {
    expect(() => taxOn(19.99, GST)).toThrow(RangeError);
    expect(() => taxOn(-1, GST)).toThrow(RangeError);
    expect(() => totalsOf([{ unitPrice: 100, quantity: 1.5 }], [])).toThrow(RangeError);
  });
});

describe('pricedSale', () => {
  it('carries each line, tax and total in the store’s currency, summed by the one rule', () => {
    const sale = pricedSale(
      [
        { sku: 'MOB-001-1', productId: 'prd_1', name: 'Vase', quantity: 2, unitPrice: 1999 },
        { sku: 'MOB-002-1', productId: 'prd_2', name: 'Bol', quantity: 1, unitPrice: 450 },
      ],
      { currency: 'CAD', taxes: QUEBEC_TAXES },
    );
    expect(sale.lines.map((line) => [line.sku, line.unitPrice.amount, line.lineTotal.amount])).toEqual([
      ['MOB-001-1', 1999, 3998],
      ['MOB-002-1', 450, 450],
    ]);
    expect(sale.subtotal).toEqual({ amount: 4448, currency: 'CAD' });
    // 4448 × 5 % = 222,4 → 222; 4448 × 9,975 % = 443,688 → 444.
    expect(sale.taxes.map((tax) => [tax.code, tax.amount.amount])).toEqual([
      ['GST', 222],
      ['QST', 444],
    ]);
    expect(sale.total).toEqual({ amount: 5114, currency: 'CAD' });
  });
});
