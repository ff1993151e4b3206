/** Money as the register shows and reads it, in integer cents (fr-CA "12,50 $", en-CA "$12.50"). */

export interface Money {
  amount: number;
  currency: string;
}

export function money(value: Money, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-CA' : 'fr-CA', {
    style: 'currency',
    currency: value.currency,
  }).format(value.amount / 100);
}

/** "12", "12,5", "12.50", "1 234,56" → cents; anything else undefined. */
export function parseCents(text: string): number | undefined {
  const cleaned = text.replace(/[\s\u00a0\u202f$]/g, '').replace(',', '.');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
