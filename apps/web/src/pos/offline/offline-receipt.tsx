import { useTranslation } from 'react-i18next';
import type { OfflineSale, RegisterSnapshot } from './device-db.ts';
import { money } from './format.ts';

/** The receipt of a sale made offline: its number from the register's offline series, marked unsynced. */
export function OfflineReceipt({
  sale,
  snapshot,
  onNext,
}: {
  sale: OfflineSale;
  snapshot: RegisterSnapshot;
  onNext: () => void;
}) {
  const { t, i18n } = useTranslation('offline');
  const show = (value: { amount: number; currency: string }) => money(value, i18n.language);
  const { body } = sale;
  const { payment } = body;
  return (
    <section className="receipt-screen" aria-labelledby="offline-receipt-title">
      <article className="receipt print-area">
        <h2 id="offline-receipt-title">{snapshot.store.name}</h2>
        <p>{snapshot.store.address}</p>
        <p>
          <span data-testid="offline-receipt-number">
            {t('receipt.number', { number: body.receiptNumber })}
          </span>
          <br />
          {new Date(body.soldAt).toLocaleString(i18n.language === 'en' ? 'en-CA' : 'fr-CA')}
          <br />
          {snapshot.register.name}
        </p>
        <p className="offline-mark">{t('receipt.offline')}</p>
        <table>
          <tbody>
            {body.lines.map((line) => (
              <tr key={line.sku}>
                <td>
                  {line.quantity} × {line.name}
                </td>
                <td className="number">{show(line.lineTotal)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('till.subtotal')}</th>
              <td className="number">{show(body.subtotal)}</td>
            </tr>
            {body.taxes.map((tax) => (
              <tr key={tax.code}>
                <th scope="row">{tax.label}</th>
                <td className="number">{show(tax.amount)}</td>
              </tr>
            ))}
            <tr className="grand">
              <th scope="row">{t('till.total')}</th>
              <td className="number" data-testid="offline-receipt-total">
                {show(body.total)}
              </td>
            </tr>
            {payment.method === 'cash' ? (
              <>
                <tr>
                  <th scope="row">{t('receipt.paidCash')}</th>
                  <td className="number">{show(payment.tendered)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('receipt.change')}</th>
                  <td className="number">
                    {show({ amount: payment.tendered.amount - body.total.amount, currency: body.currency })}
                  </td>
                </tr>
              </>
            ) : (
              <tr>
                <th scope="row" colSpan={2}>
                  {t('receipt.paidCard', { brand: payment.card.brand, last4: payment.card.last4 })}
                </th>
              </tr>
            )}
          </tfoot>
        </table>
      </article>
      <div className="row actions no-print">
        <button
          type="button"
          className="primary"
          onClick={onNext}
          // biome-ignore lint/a11y/noAutofocus: Enter starts the next sale, as on the online till
          autoFocus
        >
          {t('receipt.next')}
        </button>
      </div>
    </section>
  );
}
