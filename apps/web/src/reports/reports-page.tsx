import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../lib/use-load.ts';
import { hasRole, useWho } from '../lib/who.ts';
import { Loading } from '../ui/states.tsx';
import { formatDay } from './format.ts';
import { DEFAULT_TIME_ZONE } from './range.ts';
import { ReportFilters } from './report-filters.tsx';
import { ReportSections } from './report-sections.tsx';
import { loadStoreChoices } from './reports-api.ts';
import { useReportFilter } from './use-report-filter.ts';

/**
 * `/reports`: the figures of a period for head office (every store, the online shop) or a store
 * manager (their stores). Presets count in the service's calendar days: its answers name its
 * time zone, which replaces the default here once known.
 */
export function ReportsPage() {
  const { t, i18n } = useTranslation('reports');
  const headOffice = hasRole(useWho(), ['admin']);
  const [timeZone, setTimeZone] = useState(DEFAULT_TIME_ZONE);
  const [round, setRound] = useState(0);
  const { filter, change } = useReportFilter(timeZone);
  const { from, to } = filter.range;
  const day = (value: string) => formatDay(value, i18n.language);
  const stores = useLoad(loadStoreChoices, []);
  // A store in the address that is not the caller's (a shared link, say): said once, in words.
  // The service refuses it too; this only spares four identical refusals.
  const notMine =
    filter.store !== undefined &&
    stores.status === 'ready' &&
    !stores.data.some((store) => store.id === filter.store);

  return (
    <div className="reports">
      <div className="reports-head">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{headOffice ? t('scope.headOffice') : t('scope.manager')}</p>
        </div>
        <button type="button" onClick={() => setRound((n) => n + 1)}>
          {t('refresh')}
        </button>
      </div>
      <ReportFilters filter={filter} headOffice={headOffice} stores={stores} onChange={change} />
      {filter.store !== undefined && stores.status === 'loading' ? (
        // Whether the store is the caller's is known with the list: wait for it, not for refusals.
        <Loading />
      ) : notMine ? (
        <div className="state state-error" role="alert">
          <p>{t('filters.notYourStore')}</p>
          <button type="button" onClick={() => change({ store: '' })}>
            {headOffice ? t('filters.allStores') : t('filters.allMyStores')}
          </button>
        </div>
      ) : from > to ? (
        // Said here, in the screen's language, rather than sent for the service to refuse.
        <div className="state state-error" role="alert">
          <p>{t('filters.backwards', { from: day(from), to: day(to) })}</p>
        </div>
      ) : (
        <>
          <p className="muted" data-testid="report-range">
            {t('filters.covered', { from: day(from), to: day(to), timeZone })}
          </p>
          <ReportSections filter={filter} round={round} onTimeZone={setTimeZone} />
        </>
      )}
    </div>
  );
}
