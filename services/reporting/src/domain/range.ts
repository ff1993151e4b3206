import { addDays, daysBetween, localDay, parseDay } from './days.ts';
import { invalidRange } from './errors.ts';

export interface DayRange {
  from: string;
  to: string;
}

export interface RangeRules {
  timeZone: string;
  maxDays: number;
  /** Days covered when `from` is not given (default 30, today included). */
  defaultDays?: number;
}

/**
 * The days a report covers, both ends included, in the reports' time zone: `to` defaults to
 * today, `from` to 30 days before `to`. A day that does not exist, a range that runs backwards
 * or one longer than the maximum is a 400 naming the field.
 */
export function dayRange(
  query: { from?: string; to?: string },
  rules: RangeRules,
  now = new Date(),
): DayRange {
  if (query.from !== undefined && parseDay(query.from) === undefined) {
    throw invalidRange('from', `"${query.from}" is not a calendar day (YYYY-MM-DD)`);
  }
  if (query.to !== undefined && parseDay(query.to) === undefined) {
    throw invalidRange('to', `"${query.to}" is not a calendar day (YYYY-MM-DD)`);
  }
  const to = query.to ?? localDay(now, rules.timeZone);
  const from = query.from ?? addDays(to, -((rules.defaultDays ?? 30) - 1));
  if (from > to) throw invalidRange('to', `"to" (${to}) is before "from" (${from})`);
  if (daysBetween(from, to) > rules.maxDays) {
    throw invalidRange('to', `the range covers ${daysBetween(from, to)} days; at most ${rules.maxDays}`);
  }
  return { from, to };
}
