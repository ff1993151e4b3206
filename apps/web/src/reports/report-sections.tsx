import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../lib/use-load.ts';
import { Empty, Loaded } from '../ui/states.tsx';
import { CsvExport } from './csv-export.tsx';
import { KpiTiles } from './kpi-tiles.tsx';
import { DEFAULT_TIME_ZONE } from './range.ts';
import { loadSales, loadSessions, loadStockAlerts, loadTopProducts, type Ranking } from './reports-api.ts';
import { SalesChart } from './sales-chart.tsx';
import { SessionsTable } from './sessions-table.tsx';
import { StockAlerts } from './stock-alerts.tsx';
import { TopProducts } from './top-products.tsx';
import type { ReportFilter } from './use-report-filter.ts';

/**
 * The figures, charts and tables of one filter. Each section loads on its own and shows its own
 * loading, empty, error or unreachable state, so one report out of reach leaves the others
 * readable. `round` changes when the reader asks for fresh figures.
 */
export function ReportSections({
  filter,
  round,
  onTimeZone,
}: {
  filter: ReportFilter;
  round: number;
  onTimeZone(timeZone: string): void;
}) {
  const { t } = useTranslation('reports');
  const [by, setBy] = useState<Ranking>('quantity');
  const { from, to } = filter.range;
  const sales = useLoad(() => loadSales(filter), [from, to, filter.store, filter.channel, round]);
  const top = useLoad(() => loadTopProducts(filter, by), [from, to, filter.store, filter.channel, by, round]);
  const alerts = useLoad(() => loadStockAlerts(filter), [filter.store, round]);
  const sessions = useLoad(() => loadSessions(filter), [from, to, filter.store, round]);

  const answeredZone = sales.status === 'ready' ? sales.data.timeZone : undefined;
  useEffect(() => {
    if (answeredZone) onTimeZone(answeredZone);
  }, [answeredZone, onTimeZone]);
  const timeZone = answeredZone ?? DEFAULT_TIME_ZONE;

  return (
    <>
      <Loaded load={sales}>
        {(report) => (
          <>
            <KpiTiles report={report} />
            <section className="panel" aria-labelledby="sales-title">
              <h2 id="sales-title">{t('sales.title')}</h2>
              {report.rows.length === 0 ? <Empty>{t('sales.empty')}</Empty> : <SalesChart report={report} />}
            </section>
          </>
        )}
      </Loaded>

      <section className="panel" aria-labelledby="top-title">
        <div className="section-head">
          <h2 id="top-title">{t('top.title')}</h2>
          <div className="field">
            <label htmlFor="top-by">{t('top.by')}</label>
            <select id="top-by" value={by} onChange={(event) => setBy(event.target.value as Ranking)}>
              <option value="quantity">{t('top.byQuantity')}</option>
              <option value="revenue">{t('top.byRevenue')}</option>
            </select>
          </div>
        </div>
        <Loaded load={top} isEmpty={(report) => report.items.length === 0} empty={t('top.empty')}>
          {(report) => <TopProducts report={report} by={by} />}
        </Loaded>
      </section>

      <section className="panel" aria-labelledby="alerts-title">
        <h2 id="alerts-title">{t('alerts.title')}</h2>
        <p className="muted">{t('alerts.note')}</p>
        <Loaded load={alerts} isEmpty={(report) => report.items.length === 0} empty={t('alerts.empty')}>
          {(report) => <StockAlerts report={report} timeZone={timeZone} />}
        </Loaded>
      </section>

      <section className="panel" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('sessions.title')}</h2>
        <Loaded load={sessions} isEmpty={(report) => report.items.length === 0} empty={t('sessions.empty')}>
          {(report) => <SessionsTable report={report} />}
        </Loaded>
      </section>

      <CsvExport filter={filter} by={by} />
    </>
  );
}
