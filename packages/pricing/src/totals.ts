import type { TaxRate } from '@comptoir/contracts';

/*
 * A basket's sums, in integer cents and exact integer arithmetic (BigInt): no float ever touches
 * money, and no amount is rounded except each tax, once.
 *
 *   lineTotal = unitPrice × quantity
 *   subtotal  = Σ lineTotal
 *   tax       = subtotal × ratePpm / 1 000 000, rounded half up to the cent — once per tax, on the
 *               whole pre-tax subtotal (Quebec's GST and QST are both on the pre-tax amount; QST
 *               has not been compounded on GST since 2013)
 *   total     = subtotal + Σ tax
 *
 * Half up: 0,5 ¢ and more goes to the next cent (99,95 ¢ → 1,00 $; 199,4 ¢ → 1,99 $). Amounts are
 * never negative, so "half up" and "half away from zero" agree.
 */

const PPM = 1_000_000n;
const HALF = PPM / 2n;
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

export interface LineAmounts {
  /** Cents. */
  unitPrice: number;
  quantity: number;
}

export interface TaxTotal extends TaxRate {
  /** Cents. */
  amount: number;
}

export interface Totals {
  /** Cents, one per line, in the order of the lines. */
  lineTotals: number[];
  subtotal: number;
  taxes: TaxTotal[];
  total: number;
}

/** A sum past `Number.MAX_SAFE_INTEGER` cents: it could not be carried as a JSON number exactly. */
export class AmountTooLarge extends RangeError {
  constructor() {
    super(`an amount is past ${Number.MAX_SAFE_INTEGER} cents`);
    this.name = 'AmountTooLarge';
  }
}

/** `cents × ratePpm / 1 000 000`, rounded half up to the cent. */
export function taxOn(cents: number, ratePpm: number): number {
  return toCents(roundedTax(whole(cents, 'cents'), whole(ratePpm, 'ratePpm')));
}

/** The lines' totals, the subtotal, each tax on it and the total; throws `AmountTooLarge` past safe integers. */
export function totalsOf(lines: readonly LineAmounts[], rates: readonly TaxRate[]): Totals {
  const lineTotals = lines.map(
    (line) => whole(line.unitPrice, 'unitPrice') * whole(line.quantity, 'quantity'),
  );
  const subtotal = lineTotals.reduce((sum, amount) => sum + amount, 0n);
  const taxes = rates.map((rate) => ({ rate, amount: roundedTax(subtotal, whole(rate.ratePpm, 'ratePpm')) }));
  const total = taxes.reduce((sum, tax) => sum + tax.amount, subtotal);
  return {
    lineTotals: lineTotals.map(toCents),
    subtotal: toCents(subtotal),
    taxes: taxes.map(({ rate, amount }) => ({
      code: rate.code,
      label: rate.label,
      ratePpm: rate.ratePpm,
      amount: toCents(amount),
    })),
    total: toCents(total),
  };
}

function roundedTax(cents: bigint, ratePpm: bigint): bigint {
  // Both are non-negative, so BigInt's truncating division is the floor.
  return (cents * ratePpm + HALF) / PPM;
}

function whole(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
  return BigInt(value);
}

function toCents(value: bigint): number {
  if (value > MAX) throw new AmountTooLarge();
  return Number(value);
}
