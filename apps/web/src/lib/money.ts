/** Money as the API carries it: integer minor units and an ISO 4217 currency. Never floats. */
export interface Money {
  amount: number;
  currency: string;
}

const LOCALES: Record<string, string> = { fr: 'fr-CA', en: 'en-CA' };

/** "51,13 $" in French, "$51.13" in English. */
export function formatMoney(money: Money, language: string): string {
  return new Intl.NumberFormat(LOCALES[language] ?? 'fr-CA', {
    style: 'currency',
    currency: money.currency,
  }).format(money.amount / 100);
}

/**
 * What a cashier types for an amount, in cents: "200", "200,00", "200.5", "1 234,50 $".
 * Undefined when it is not an amount (letters, more than two decimals, negative).
 */
export function parseAmount(text: string): number | undefined {
  const cleaned = text.replace(/[\s\u00a0\u202f$€]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{0,2})?$/.test(cleaned)) return undefined;
  const [units = '0', decimals = ''] = cleaned.split('.');
  return Number(units) * 100 + Number(decimals.padEnd(2, '0'));
}
