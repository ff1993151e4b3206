import { useTranslation } from 'react-i18next';
import { formatInstant, formatNumber } from './format.ts';
import type { StockAlertsReport } from './reports-api.ts';

/** Skus below their threshold now, per location (the period does not apply: an alert is now). */
export function StockAlerts({ report, timeZone }: { report: StockAlertsReport; timeZone: string }) {
  const { t, i18n } = useTranslation('reports');
  return (
    <table className="report-table">
      <thead>
        <tr>
          <th scope="col">{t('alerts.sku')}</th>
          <th scope="col">{t('alerts.location')}</th>
          <th scope="col" className="number">
            {t('alerts.available')}
          </th>
          <th scope="col" className="number">
            {t('alerts.threshold')}
          </th>
          <th scope="col">{t('alerts.raisedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {report.items.map((alert) => (
          <tr key={`${alert.sku}|${alert.locationId}`}>
            <td>
              <code>{alert.sku}</code>
            </td>
            <td>{alert.storeName ?? alert.storeId ?? t('alerts.warehouse')}</td>
            <td className="number low">{formatNumber(alert.available, i18n.language)}</td>
            <td className="number">{formatNumber(alert.threshold, i18n.language)}</td>
            <td>{formatInstant(alert.raisedAt, timeZone, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
