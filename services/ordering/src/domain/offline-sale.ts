import type {
  CardSummary,
  Money,
  OfflineCardPolicy,
  OfflineSaleFacts,
  SaleLine,
  TaxAmount,
} from '@comptoir/contracts';
import type { FieldProblem } from '@comptoir/platform';
import { offlineReceiptInvalid, offlineSaleInconsistent } from './errors.ts';

/**
 * What a register sends for a sale it made while offline: a fact, with the prices and taxes it
 * used from its cached catalog (never repriced), the receipt number it printed from its offline
 * series, when it was sold, and how it was paid.
 */
export interface OfflineSaleInput {
  saleId: string;
  sessionId: string;
  /** `<register's offlineReceiptPrefix>-<device>-<6 digits>`, e.g. `H0N1M3K-T3-000017`. */
  receiptNumber: string;
  soldAt: string;
  currency: string;
  lines: SaleLine[];
  subtotal: Money;
  taxes: TaxAmount[];
  total: Money;
  payment: { method: 'cash'; tendered: Money } | { method: 'card'; card: CardSummary };
}

/** How far ahead of ours a register's clock may be before its `soldAt` reads as a mistake. */
export const CLOCK_SKEW_MS = 10 * 60_000;

/** An offline receipt number, taken apart: the series it belongs to and its number in it. */
export interface OfflineReceipt {
  printed: string;
  series: string;
  number: number;
}

const RECEIPT = /^(H[0-9A-Z]{6})-([0-9A-Z]{2,8})-([0-9]{6})$/;

/** The receipt number, if it is one of this register's offline series (its prefix, a device, 1 or more). */
export function parseOfflineReceipt(receipt: string, registerPrefix: string): OfflineReceipt {
  const match = RECEIPT.exec(receipt);
  const number = match ? Number(match[3]) : 0;
  if (!match || match[1] !== registerPrefix || number < 1) throw offlineReceiptInvalid(registerPrefix);
  return { printed: receipt, series: `${match[1]}-${match[2]}`, number };
}

/**
 * The register's figures must add up, in one currency: each line's total is its unit price times
 * its quantity, the subtotal their sum, the total the subtotal plus the taxes; cash covers it. The
 * server records them as they are — it checks they are whole, not that they are today's prices.
 */
export function assertAddsUp(input: OfflineSaleInput, now: Date): void {
  const problems: FieldProblem[] = [];
  const wrong = (pointer: string, detail: string) => problems.push({ pointer, detail });
  const { currency } = input;
  const seen = new Set<string>();
  input.lines.forEach((line, i) => {
    if (seen.has(line.sku)) wrong(`/body/lines/${i}/sku`, 'is on another line already');
    seen.add(line.sku);
    if (line.unitPrice.currency !== currency)
      wrong(`/body/lines/${i}/unitPrice/currency`, `must be ${currency}`);
    if (line.lineTotal.currency !== currency)
      wrong(`/body/lines/${i}/lineTotal/currency`, `must be ${currency}`);
    if (line.lineTotal.amount !== line.unitPrice.amount * line.quantity) {
      wrong(`/body/lines/${i}/lineTotal/amount`, 'must be unitPrice × quantity');
    }
  });
  input.taxes.forEach((tax, i) => {
    if (tax.amount.currency !== currency) wrong(`/body/taxes/${i}/amount/currency`, `must be ${currency}`);
  });
  const subtotal = input.lines.reduce((sum, line) => sum + line.lineTotal.amount, 0);
  const taxes = input.taxes.reduce((sum, tax) => sum + tax.amount.amount, 0);
  if (input.subtotal.currency !== currency || input.subtotal.amount !== subtotal) {
    wrong('/body/subtotal', `must be the sum of the lines: ${subtotal} ${currency}`);
  }
  if (input.total.currency !== currency || input.total.amount !== subtotal + taxes) {
    wrong('/body/total', `must be the subtotal plus the taxes: ${subtotal + taxes} ${currency}`);
  }
  if (input.total.amount < 1) wrong('/body/total', 'must be at least 1 cent: a sale takes money');
  const { payment } = input;
  if (payment.method === 'cash') {
    if (payment.tendered.currency !== currency)
      wrong('/body/payment/tendered/currency', `must be ${currency}`);
    if (payment.tendered.amount < input.total.amount)
      wrong('/body/payment/tendered/amount', 'must cover the total');
  }
  if (Date.parse(input.soldAt) > now.getTime() + CLOCK_SKEW_MS) {
    wrong('/body/soldAt', "is in the future: check the register's clock");
  }
  if (problems.length > 0) throw offlineSaleInconsistent(problems);
}

/** What the manager should look at: a card taken offline where the store's policy did not allow it. */
export function reviewOf(
  input: Pick<OfflineSaleInput, 'payment' | 'total'>,
  policy: OfflineCardPolicy,
): OfflineSaleFacts['review'] {
  if (input.payment.method !== 'card') return [];
  if (!policy.enabled) return ['card_policy_off'];
  const limit = policy.perSaleLimit;
  if (limit && input.total.amount > limit.amount) return ['card_over_limit'];
  return [];
}
