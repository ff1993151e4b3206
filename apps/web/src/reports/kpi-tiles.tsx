import { useTranslation } from 'react-i18next';
import { formatCents, formatNumber } from './format.ts';
import type { SalesReport } from './reports-api.ts';

/** The period's figures at a glance, from the sales report's totals. */
export function KpiTiles({ report }: { report: SalesReport }) {
  const { t, i18n } = useTranslation('reports');
  const money = (cents: number) => formatCents(cents, report.currency, i18n.language);
  const { totals } = report;
  return (
    <section aria-label={t('kpi.label')}>
      <dl className="kpi-tiles">
        <div className="kpi">
          <dt>{t('kpi.revenue')}</dt>
          <dd data-testid="kpi-revenue">{money(totals.grossCents)}</dd>
          <dd className="muted">{t('kpi.revenueHint')}</dd>
        </div>
        <div className="kpi">
          <dt>{t('kpi.sales')}</dt>
          <dd data-testid="kpi-sales">{formatNumber(totals.salesCount, i18n.language)}</dd>
        </div>
        <div className="kpi">
          <dt>{t('kpi.basket')}</dt>
          <dd data-testid="kpi-basket">{money(totals.averageBasketCents)}</dd>
        </div>
        <div className="kpi">
          <dt>{t('kpi.refunds')}</dt>
          <dd data-testid="kpi-refunds">{money(totals.refundsCents)}</dd>
          <dd className="muted">
            {t('kpi.refundsHint', { count: totals.refundsCount })} ·{' '}
            {t('kpi.net', { amount: money(totals.netCents) })}
          </dd>
        </div>
      </dl>
    </section>
  );
}
