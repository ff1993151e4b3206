/*
 * Calendar days in the reports' time zone. A sale at 23:30 in Montréal on 1 March is a 1 March
 * sale, though it is 2 March in UTC. Days are 'YYYY-MM-DD' strings: they sort and compare as text.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar day of an instant in `timeZone`. */
export function localDay(instant: string | Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** True when `timeZone` is a zone this runtime knows (start-up checks the setting with it). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;

/** The day as a UTC midnight, or undefined when the text is not a real calendar day (2026-02-30). */
export function parseDay(day: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) return undefined;
  return ms;
}

export const addDays = (day: string, days: number): string =>
  new Date((parseDay(day) ?? Number.NaN) + days * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both counted. */
export const daysBetween = (from: string, to: string): number =>
  Math.round(((parseDay(to) ?? 0) - (parseDay(from) ?? 0)) / DAY_MS) + 1;
