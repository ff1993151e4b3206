import { useTranslation } from 'react-i18next';
import { formatMoney } from '../lib/money.ts';
import type { Sale } from './pos-api.ts';

/** The sale's receipt as printed (print stylesheet: the receipt alone, at till-roll width). */
export function Receipt({ sale, onNext }: { sale: Sale; onNext: () => void }) {
  const { t, i18n } = useTranslation('pos');
  const money = (value: { amount: number; currency: string }) => formatMoney(value, i18n.language);
  const { receipt } = sale;
  const { payment } = receipt;
  return (
    <section className="receipt-screen" aria-labelledby="receipt-title">
      <article className="receipt print-area">
        <h2 id="receipt-title">{receipt.store.name}</h2>
        <p>{receipt.store.address}</p>
        <p>
          {t('receipt.number', { number: receipt.printed })}
          <br />
          {new Date(receipt.issuedAt).toLocaleString(i18n.language === 'en' ? 'en-CA' : 'fr-CA')}
          <br />
          {receipt.register.name} · {t('receipt.cashier', { id: receipt.cashier.id })}
        </p>
        <table>
          <tbody>
            {receipt.lines.map((line) => (
              <tr key={line.sku}>
                <td>
                  {line.quantity} × {line.name}
                  <br />
                  <span className="muted">{money(line.unitPrice)}</span>
                </td>
                <td className="number">{money(line.lineTotal)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('till.subtotal')}</th>
              <td className="number">{money(receipt.subtotal)}</td>
            </tr>
            {receipt.taxes.map((tax) => (
              <tr key={tax.code}>
                <th scope="row">{tax.label}</th>
                <td className="number">{money(tax.amount)}</td>
              </tr>
            ))}
            <tr className="grand">
              <th scope="row">{t('till.lineTotal')}</th>
              <td className="number" data-testid="receipt-total">
                {money(receipt.total)}
              </td>
            </tr>
            {payment.method === 'cash' && payment.tendered && (
              <tr>
                <th scope="row">{t('receipt.paidCash')}</th>
                <td className="number">{money(payment.tendered)}</td>
              </tr>
            )}
            {payment.method === 'cash' && payment.changeDue && (
              <tr>
                <th scope="row">{t('receipt.change')}</th>
                <td className="number" data-testid="receipt-change">
                  {money(payment.changeDue)}
                </td>
              </tr>
            )}
            {payment.method === 'card' && payment.card && (
              <tr>
                <th scope="row">{t('receipt.paidCard', payment.card)}</th>
                <td className="number">{money(payment.amount)}</td>
              </tr>
            )}
          </tfoot>
        </table>
        <p className="thanks">{t('receipt.thanks')}</p>
      </article>
      <div className="row no-print">
        {/* biome-ignore lint/a11y/noAutofocus: Enter starts the next sale, as on any register */}
        <button type="button" className="primary" autoFocus onClick={onNext}>
          {t('receipt.next')}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t('receipt.print')}
        </button>
      </div>
    </section>
  );
}
