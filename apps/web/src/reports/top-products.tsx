import type { ChartData, ChartOptions } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { colourOf } from './charts.ts';
import { formatCents, formatNumber, localeOf } from './format.ts';
import type { Ranking, TopProductsReport } from './reports-api.ts';

function TopTable({ report }: { report: TopProductsReport }) {
  const { t, i18n } = useTranslation('reports');
  return (
    <table className="report-table">
      <caption className="visually-hidden">{t('top.table')}</caption>
      <thead>
        <tr>
          <th scope="col" className="number">
            {t('top.rank')}
          </th>
          <th scope="col">{t('top.sku')}</th>
          <th scope="col">{t('top.name')}</th>
          <th scope="col" className="number">
            {t('top.quantity')}
          </th>
          <th scope="col" className="number">
            {t('top.revenue')}
          </th>
        </tr>
      </thead>
      <tbody>
        {report.items.map((item) => (
          <tr key={item.sku}>
            <td className="number">{item.rank}</td>
            <td>
              <code>{item.sku}</code>
            </td>
            <td>{item.name}</td>
            <td className="number">{formatNumber(item.quantity, i18n.language)}</td>
            <td className="number">{formatCents(item.revenueCents, report.currency, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The best sellers as horizontal bars (by units or by revenue), and the ranking as a table. */
export function TopProducts({ report, by }: { report: TopProductsReport; by: Ranking }) {
  const { t, i18n } = useTranslation('reports');
  const data: ChartData<'bar'> = {
    labels: report.items.map((item) => item.name),
    datasets: [
      {
        label: by === 'quantity' ? t('top.byQuantity') : t('top.byRevenue'),
        data: report.items.map((item) => (by === 'quantity' ? item.quantity : item.revenueCents / 100)),
        backgroundColor: colourOf(0),
      },
    ],
  };
  const options: ChartOptions<'bar'> = {
    indexAxis: 'y',
    responsive: true,
    maintainAspectRatio: false,
    locale: localeOf(i18n.language),
    animation: false,
    // Units are whole: no 0.5 ticks.
    scales: { x: { beginAtZero: true, ...(by === 'quantity' ? { ticks: { precision: 0 } } : {}) } },
    plugins: { legend: { display: false } },
  };
  const summary = t('top.chartLabel', { count: report.items.length, first: report.items[0]?.name ?? '' });
  return (
    <>
      <div className="chart-box">
        <Bar data={data} options={options} role="img" aria-label={summary} />
      </div>
      <details className="chart-table">
        <summary>{t('showTable')}</summary>
        <TopTable report={report} />
      </details>
    </>
  );
}
