/**
 * What the reports show, kept in the address (`/reports?range=7d&store=sto_…&channel=pos`), so a
 * filtered view can be reloaded, bookmarked or sent to a colleague.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type DayRange, isDay, PRESETS, type Preset, rangeOf } from './range.ts';

export type Channel = 'pos' | 'online';

export interface ReportFilter {
  preset: Preset;
  /** The days covered (a preset's, or the custom days). */
  range: DayRange;
  /** One store, or every store the caller may see. */
  store?: string;
  channel?: Channel;
}

export interface FilterChange {
  preset?: Preset;
  from?: string;
  to?: string;
  store?: string;
  channel?: string;
}

const DEFAULT_PRESET: Preset = '7d';

export function useReportFilter(timeZone: string): {
  filter: ReportFilter;
  change(patch: FilterChange): void;
} {
  const [params, setParams] = useSearchParams();
  const preset = (PRESETS as readonly string[]).includes(params.get('range') ?? '')
    ? (params.get('range') as Preset)
    : DEFAULT_PRESET;
  const from = params.get('from');
  const to = params.get('to');
  const store = params.get('store') || undefined;
  const channel = params.get('channel');
  const filter = useMemo<ReportFilter>(
    () => ({
      preset,
      range: rangeOf(preset, timeZone, { ...(isDay(from) ? { from } : {}), ...(isDay(to) ? { to } : {}) }),
      ...(store ? { store } : {}),
      ...(channel === 'pos' || channel === 'online' ? { channel } : {}),
    }),
    [preset, timeZone, from, to, store, channel],
  );

  const change = useCallback(
    (patch: FilterChange) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          // Switching to "custom" starts from the days shown, so the inputs are never blank.
          if (patch.preset === 'custom' && !next.get('from')) {
            next.set('from', filter.range.from);
            next.set('to', filter.range.to);
          }
          const values: Record<string, string | undefined> = {
            range: patch.preset,
            from: patch.from,
            to: patch.to,
            store: patch.store,
            channel: patch.channel,
          };
          for (const [key, value] of Object.entries(values)) {
            if (value === undefined) continue;
            if (value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams, filter.range],
  );
  return { filter, change };
}
