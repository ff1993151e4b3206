/** The two languages of every email, French first (ARCHITECTURE.md §11). */
export type Language = 'fr' | 'en';

const LOCALES: Record<Language, string> = { fr: 'fr-CA', en: 'en-CA' };

/** What templates need beyond the event: settings of this deployment. */
export interface TemplateContext {
  /** IANA zone dates are written in, e.g. `America/Toronto`. */
  timeZone: string;
}

/** `12 mars 2025 à 14 h 05 HAE` / `March 12, 2025 at 2:05 p.m. EDT`. */
export function formatDateTime(iso: string, language: Language, context: TemplateContext): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: context.timeZone,
  }).format(new Date(iso));
}

/** French puts a (narrow no-break) space before a colon; English does not. */
export const colon = (language: Language): string => (language === 'fr' ? '\u202f:' : ':');

/** `34,49 $` / `$34.49`: integer minor units in the currency's own format. */
export function formatMoney(money: { amount: number; currency: string }, language: Language): string {
  const format = new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}
