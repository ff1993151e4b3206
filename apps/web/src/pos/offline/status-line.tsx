import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfflineSale } from './device-db.ts';
import { money } from './format.ts';
import { offlineSales } from './offline-sales.ts';
import { useRegisterStatus } from './register-status.ts';
import { syncNow } from './sync-engine.ts';

/**
 * The register's state, always on screen and read out when it changes (aria-live): online,
 * offline, syncing N sales; with the sales still on the device, waiting or needing attention.
 */
export function StatusLine() {
  const { t, i18n } = useTranslation('offline');
  const status = useRegisterStatus();
  const [sales, setSales] = useState<OfflineSale[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the counts say when the device's sales changed
  useEffect(() => {
    let live = true;
    void offlineSales().then((found) => live && setSales(found));
    return () => {
      live = false;
    };
  }, [status.waiting, status.attention, status.syncing]);

  const parts = [t(`status.${status.link}`)];
  if (status.syncing && status.waiting > 0) parts.push(t('status.syncing', { count: status.waiting }));
  else if (status.waiting > 0) parts.push(t('status.waiting', { count: status.waiting }));
  if (status.attention > 0) parts.push(t('status.attention', { count: status.attention }));

  return (
    <section className={`register-link register-link-${status.link} no-print`} aria-label={t('status.label')}>
      <p role="status" aria-live="polite" data-testid="register-link" data-link={status.link}>
        <span className="register-link-dot" aria-hidden="true" />
        {parts.join(' · ')}
      </p>
      {sales.length > 0 && (
        <details>
          <summary>{t('status.list', { count: sales.length })}</summary>
          <ul data-testid="offline-sales">
            {sales.map((sale) => (
              <li key={sale.saleId} data-state={sale.state}>
                {sale.body.receiptNumber} · {new Date(sale.body.soldAt).toLocaleTimeString(i18n.language)} ·{' '}
                {money(sale.body.total, i18n.language)} —{' '}
                {sale.state === 'waiting'
                  ? t('status.stateWaiting')
                  : t('status.stateAttention', { title: sale.problem?.detail ?? sale.problem?.title ?? '' })}
              </li>
            ))}
          </ul>
          {status.link === 'online' && status.waiting > 0 && (
            <button type="button" onClick={() => void syncNow()}>
              {t('status.syncNow')}
            </button>
          )}
        </details>
      )}
    </section>
  );
}
