/** Money and dates as the shop shows them, in the reader's language (French first). */

export interface Money {
  amount: number;
  currency: string;
}

const LOCALES: Record<string, string> = { fr: 'fr-CA', en: 'en-CA' };
const localeOf = (language: string) => LOCALES[language] ?? 'fr-CA';

/** "39,99 $" in French, "$39.99" in English: integer cents in, never a float kept. */
export function money(value: Money, language: string): string {
  return new Intl.NumberFormat(localeOf(language), { style: 'currency', currency: value.currency }).format(
    value.amount / 100,
  );
}

/** "26 nov. 2026, 10 h 41" / "Nov 26, 2026, 10:41 a.m.". */
export function dateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}
