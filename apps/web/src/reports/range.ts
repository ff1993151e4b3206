/**
 * The reports' date range: a preset (today, the last 7 or 30 days) or two chosen days. Days are
 * calendar days in the reports' time zone — the service's, which every report names — so
 * "today" at 22:00 in Montréal is Montréal's today, whatever the browser's clock says.
 */

export const PRESETS = ['today', '7d', '30d', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export interface DayRange {
  from: string;
  to: string;
}

/** The zone the reporting service counts in by default; each answer's `timeZone` replaces it. */
export const DEFAULT_TIME_ZONE = 'America/Toronto';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const isDay = (value: string | null | undefined): value is string => !!value && DAY.test(value);

/** `YYYY-MM-DD` of `now` on the calendar of `timeZone`. */
export function dayIn(timeZone: string, now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The day `days` after `day` (negative: before), on the calendar alone. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included (empty when `to` is before `from`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to && days.length <= 366; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The days a preset covers, ending today in `timeZone`; a custom range is the days given (the
 * service refuses, in words, a range it cannot answer).
 */
export function rangeOf(
  preset: Preset,
  timeZone: string,
  custom: Partial<DayRange>,
  now = new Date(),
): DayRange {
  const today = dayIn(timeZone, now);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case 'custom':
      return { from: custom.from ?? addDays(today, -6), to: custom.to ?? today };
  }
}
