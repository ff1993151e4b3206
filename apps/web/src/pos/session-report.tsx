import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../lib/money.ts';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';
import type { SessionReport as Report } from './pos-api.ts';

function Figures({ report }: { report: Report }) {
  const { t, i18n } = useTranslation('pos');
  const money = (value: { amount: number; currency: string }) => formatMoney(value, i18n.language);
  const row = (label: string, value: ReactNode, id?: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td className="number" data-testid={id}>
        {value}
      </td>
    </tr>
  );
  const { cash } = report;
  return (
    <>
      <p className="muted">
        {t('report.generatedAt', {
          time: new Date(report.generatedAt).toLocaleString(i18n.language === 'en' ? 'en-CA' : 'fr-CA'),
        })}
      </p>
      <table>
        <tbody>
          {row(t('report.sales'), report.salesCount, 'report-sales-count')}
          {row(t('report.returns'), report.returnsCount)}
          {row(t('report.subtotal'), money(report.subtotal))}
          {report.taxes.map((tax) => row(tax.label, money(tax.amount)))}
          {row(t('report.total'), money(report.total), 'report-total')}
          {row(t('report.refunds'), money(report.refunds))}
          {row(t('report.net'), money(report.net))}
        </tbody>
      </table>
      <h3>{t('report.byMethod')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('report.method')}</th>
            <th scope="col" className="number">
              {t('report.count')}
            </th>
            <th scope="col" className="number">
              {t('report.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.payments.map((payment) => (
            <tr key={payment.method}>
              <th scope="row">{t(`report.${payment.method}`)}</th>
              <td className="number">{payment.salesCount}</td>
              <td className="number">{money(payment.net)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('report.drawer')}</h3>
      <table>
        <tbody>
          {row(t('report.float'), money(cash.openingFloat))}
          {row(t('report.cashSales'), money(cash.cashSales))}
          {row(t('report.cashRefunds'), money(cash.cashRefunds))}
          {row(t('report.expected'), money(cash.expectedAtClose ?? cash.expected), 'report-expected')}
          {cash.counted && row(t('report.counted'), money(cash.counted), 'report-counted')}
          {cash.difference !== null &&
            row(
              t('report.difference'),
              money({ amount: cash.difference, currency: report.currency }),
              'report-difference',
            )}
        </tbody>
      </table>
      {report.lateEntries > 0 && <p>{t('report.late', { count: report.lateEntries })}</p>}
    </>
  );
}

/** An X report (running) or Z report (closing) of the session, printable. */
export function SessionReport({
  kind,
  load,
  onBack,
  backLabel,
}: {
  kind: 'x' | 'z';
  load: () => Promise<Report>;
  onBack: () => void;
  backLabel: string;
}) {
  const { t } = useTranslation('pos');
  const report = useLoad(load, [load]);
  return (
    <section className="panel report" aria-labelledby="report-title">
      <div className="print-area">
        <h2 id="report-title">{kind === 'x' ? t('report.xTitle') : t('report.zTitle')}</h2>
        <Loaded load={report}>{(data) => <Figures report={data} />}</Loaded>
      </div>
      <div className="row no-print">
        {/* biome-ignore lint/a11y/noAutofocus: Enter (or Escape) takes the cashier back */}
        <button type="button" className="primary" autoFocus onClick={onBack}>
          {backLabel}
        </button>
        <button type="button" onClick={report.reload}>
          {t('report.refresh')}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t('report.print')}
        </button>
      </div>
    </section>
  );
}
