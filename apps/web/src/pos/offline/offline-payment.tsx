import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from './device-db.ts';
import { money, parseCents } from './format.ts';
import type { Tender } from './offline-sales.ts';

const BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'unknown'] as const;
type Brand = (typeof BRANDS)[number];

/**
 * Taking the money with no backend: cash (what was handed over, the change), or a card the
 * terminal authorised on its own — the register keeps only its network, last 4 digits and expiry,
 * as printed on the terminal's slip, never its number.
 */
export function OfflinePayment({
  method,
  total,
  store,
  onPaid,
  onCancel,
}: {
  method: 'cash' | 'card';
  total: number;
  store: Pick<Store, 'currency'>;
  onPaid: (tender: Tender) => Promise<void>;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation('offline');
  const { currency } = store;
  const show = (amount: number) => money({ amount, currency }, i18n.language);
  const [tendered, setTendered] = useState(
    (total / 100).toFixed(2).replace('.', i18n.language === 'en' ? '.' : ','),
  );
  const [brand, setBrand] = useState<Brand>('visa');
  const [last4, setLast4] = useState('');
  const [expiry, setExpiry] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const cents = parseCents(tendered);

  async function submit(event: FormEvent) {
    event.preventDefault();
    let tender: Tender;
    if (method === 'cash') {
      if (cents === undefined) return setProblem(t('pay.invalidAmount'));
      if (cents < total) return setProblem(t('pay.tenderedTooLow'));
      tender = { method: 'cash', tendered: { amount: cents, currency } };
    } else {
      const [, month, year] = /^(\d{2})\/(\d{2})$/.exec(expiry.trim()) ?? [];
      const expMonth = Number(month);
      if (!/^\d{4}$/.test(last4) || !(expMonth >= 1 && expMonth <= 12))
        return setProblem(t('pay.invalidCard'));
      tender = { method: 'card', card: { brand, last4, expMonth, expYear: 2000 + Number(year) } };
    }
    setBusy(true);
    try {
      await onPaid(tender);
    } catch (error) {
      setProblem(t('pay.failed', { reason: error instanceof Error ? error.message : String(error) }));
      setBusy(false);
    }
  }

  return (
    <form className="offline-payment" onSubmit={submit} aria-labelledby="offline-pay-title" noValidate>
      <h2 id="offline-pay-title">{method === 'cash' ? t('pay.cashTitle') : t('pay.cardTitle')}</h2>
      <p>
        {t('pay.due')} <strong data-testid="offline-due">{show(total)}</strong>
      </p>
      {method === 'cash' ? (
        <>
          <label htmlFor="offline-tendered">{t('pay.tendered', { currency })}</label>
          <input
            id="offline-tendered"
            inputMode="decimal"
            autoComplete="off"
            // biome-ignore lint/a11y/noAutofocus: the cashier types the amount next, as on the online till
            autoFocus
            value={tendered}
            onChange={(event) => setTendered(event.target.value)}
          />
          {cents !== undefined && cents >= total && (
            <p>
              {t('pay.change')} <strong data-testid="offline-change">{show(cents - total)}</strong>
            </p>
          )}
        </>
      ) : (
        <>
          <label htmlFor="offline-brand">{t('pay.brand')}</label>
          <select
            id="offline-brand"
            value={brand}
            onChange={(event) => setBrand(event.target.value as Brand)}
          >
            {BRANDS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
          <label htmlFor="offline-last4">{t('pay.last4')}</label>
          <input
            id="offline-last4"
            inputMode="numeric"
            autoComplete="off"
            maxLength={4}
            value={last4}
            onChange={(event) => setLast4(event.target.value)}
          />
          <label htmlFor="offline-expiry">{t('pay.expiry')}</label>
          <input
            id="offline-expiry"
            autoComplete="off"
            maxLength={5}
            value={expiry}
            onChange={(event) => setExpiry(event.target.value)}
          />
        </>
      )}
      {problem && <p role="alert">{problem}</p>}
      <div className="row actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('pay.confirm')}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('pay.cancel')}
        </button>
      </div>
    </form>
  );
}
