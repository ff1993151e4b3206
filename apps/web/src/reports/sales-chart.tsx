import type { ChartData, ChartOptions } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { colourOf } from './charts.ts';
import { formatCents, formatDay, formatNumber, localeOf } from './format.ts';
import { daysBetween } from './range.ts';
import type { SalesReport } from './reports-api.ts';

type Row = SalesReport['rows'][number];

/** One bar per day, stacked by store (the online shop is a "store" of its own here). */
function chartData(report: SalesReport, online: string, language: string): ChartData<'bar'> {
  const days = daysBetween(report.from, report.to);
  const stores = new Map<string, string>();
  for (const row of report.rows) stores.set(row.storeId ?? '', row.storeName ?? row.storeId ?? online);
  const gross = new Map<string, number>();
  for (const row of report.rows) {
    const key = `${row.storeId ?? ''}|${row.day}`;
    gross.set(key, (gross.get(key) ?? 0) + row.grossCents);
  }
  return {
    labels: days.map((day) => formatDay(day, language)),
    datasets: [...stores].map(([storeId, name], index) => ({
      label: name,
      data: days.map((day) => (gross.get(`${storeId}|${day}`) ?? 0) / 100),
      backgroundColor: colourOf(index),
    })),
  };
}

function SalesTable({ report }: { report: SalesReport }) {
  const { t, i18n } = useTranslation('reports');
  const money = (cents: number) => formatCents(cents, report.currency, i18n.language);
  const storeOf = (row: Row) => row.storeName ?? row.storeId ?? t('online');
  return (
    <table className="report-table">
      <caption className="visually-hidden">{t('sales.table')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('sales.day')}</th>
          <th scope="col">{t('sales.store')}</th>
          <th scope="col">{t('sales.channel')}</th>
          <th scope="col" className="number">
            {t('sales.count')}
          </th>
          <th scope="col" className="number">
            {t('sales.items')}
          </th>
          <th scope="col" className="number">
            {t('sales.gross')}
          </th>
          <th scope="col" className="number">
            {t('sales.refunds')}
          </th>
          <th scope="col" className="number">
            {t('sales.net')}
          </th>
          <th scope="col" className="number">
            {t('sales.basket')}
          </th>
        </tr>
      </thead>
      <tbody>
        {report.rows.map((row) => (
          <tr key={`${row.day}|${row.storeId}|${row.channel}`}>
            <td>{formatDay(row.day, i18n.language)}</td>
            <td>{storeOf(row)}</td>
            <td>{t(`channels.${row.channel}`)}</td>
            <td className="number">{formatNumber(row.salesCount, i18n.language)}</td>
            <td className="number">{formatNumber(row.items, i18n.language)}</td>
            <td className="number">{money(row.grossCents)}</td>
            <td className="number">{money(row.refundsCents)}</td>
            <td className="number">{money(row.netCents)}</td>
            <td className="number">{money(row.averageBasketCents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Revenue per day and store: the chart, its summary for screen readers, and the rows as a table. */
export function SalesChart({ report }: { report: SalesReport }) {
  const { t, i18n } = useTranslation('reports');
  const locale = localeOf(i18n.language);
  const options: ChartOptions<'bar'> = {
    responsive: true,
    maintainAspectRatio: false,
    locale,
    animation: false,
    scales: {
      x: { stacked: true },
      y: { stacked: true, beginAtZero: true, title: { display: true, text: t('sales.axis') } },
    },
    plugins: { legend: { position: 'bottom' } },
  };
  const summary = t('sales.chartLabel', {
    from: formatDay(report.from, i18n.language),
    to: formatDay(report.to, i18n.language),
    total: formatCents(report.totals.grossCents, report.currency, i18n.language),
    count: report.totals.salesCount,
  });
  return (
    <>
      <div className="chart-box">
        <Bar
          data={chartData(report, t('online'), i18n.language)}
          options={options}
          role="img"
          aria-label={summary}
        />
      </div>
      <details className="chart-table">
        <summary>{t('showTable')}</summary>
        <SalesTable report={report} />
      </details>
    </>
  );
}
