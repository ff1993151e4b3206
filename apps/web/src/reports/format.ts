/** Figures as the screen's language writes them (fr-CA: "1 234,56 $"; en-CA: "$1,234.56"). */

const localeOf = (language: string) => (language.startsWith('en') ? 'en-CA' : 'fr-CA');

/** Integer cents of `currency` as money. */
export function formatCents(cents: number, currency: string, language: string): string {
  return new Intl.NumberFormat(localeOf(language), { style: 'currency', currency }).format(cents / 100);
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}

/** A day (`YYYY-MM-DD`) as a short date, read on the calendar alone (no time zone shift). */
export function formatDay(day: string, language: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(localeOf(language), {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
    ...(new Date().getUTCFullYear() === year ? {} : { year: 'numeric' }),
  }).format(new Date(Date.UTC(year, month - 1, date)));
}

/** An instant as a date and time in the reports' time zone. */
export function formatInstant(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}

export { localeOf };
