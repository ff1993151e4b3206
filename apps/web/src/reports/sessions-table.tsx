import { useTranslation } from 'react-i18next';
import { formatCents, formatInstant } from './format.ts';
import type { SessionsReport } from './reports-api.ts';

/** Each cash session of the period: when, the float, and once closed what was expected and counted. */
export function SessionsTable({
  report,
}: {
  report: SessionsReport & { registerNames: Map<string, string> };
}) {
  const { t, i18n } = useTranslation('reports');
  const when = (iso: string) => formatInstant(iso, report.timeZone, i18n.language);
  const money = (cents: number | null, currency: string) =>
    cents === null ? '—' : formatCents(cents, currency, i18n.language);
  return (
    <table className="report-table">
      <thead>
        <tr>
          <th scope="col">{t('sessions.store')}</th>
          <th scope="col">{t('sessions.register')}</th>
          <th scope="col">{t('sessions.opened')}</th>
          <th scope="col">{t('sessions.closed')}</th>
          <th scope="col" className="number">
            {t('sessions.float')}
          </th>
          <th scope="col" className="number">
            {t('sessions.expected')}
          </th>
          <th scope="col" className="number">
            {t('sessions.counted')}
          </th>
          <th scope="col" className="number">
            {t('sessions.difference')}
          </th>
        </tr>
      </thead>
      <tbody>
        {report.items.map((session) => (
          <tr key={session.sessionId}>
            <td>{session.storeName ?? session.storeId}</td>
            <td>{report.registerNames.get(session.registerId) ?? <code>{session.registerId}</code>}</td>
            <td>{when(session.openedAt)}</td>
            <td>{session.closedAt ? when(session.closedAt) : t('sessions.stillOpen')}</td>
            <td className="number">{money(session.openingFloatCents, session.currency)}</td>
            <td className="number">{money(session.expectedCashCents, session.currency)}</td>
            <td className="number">{money(session.countedCashCents, session.currency)}</td>
            <td
              className={`number${session.differenceCents !== null && session.differenceCents !== 0 ? ' off' : ''}`}
            >
              {money(session.differenceCents, session.currency)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
