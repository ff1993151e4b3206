import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../lib/money.ts';
import { Empty } from '../ui/states.tsx';
import type { Cart } from './pos-api.ts';

type Line = Cart['lines'][number];

function QuantityInput({ line, onChange }: { line: Line; onChange: (quantity: number) => void }) {
  const { t } = useTranslation('pos');
  const [text, setText] = useState(String(line.quantity));
  const commit = () => {
    const quantity = Number(text);
    if (Number.isInteger(quantity) && quantity >= 1 && quantity <= 999 && quantity !== line.quantity)
      onChange(quantity);
    else setText(String(line.quantity));
  };
  return (
    <input
      type="number"
      min={1}
      max={999}
      className="quantity"
      aria-label={t('till.quantityOf', { name: line.name })}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          commit();
        }
      }}
    />
  );
}

/** The basket: lines with their quantity (editable), the taxes and the total. */
export function Basket({
  cart,
  onQuantity,
  onRemove,
}: {
  cart: Cart | undefined;
  onQuantity: (sku: string, quantity: number) => void;
  onRemove: (sku: string) => void;
}) {
  const { t, i18n } = useTranslation('pos');
  const money = (value: { amount: number; currency: string }) => formatMoney(value, i18n.language);
  const lines = cart?.lines ?? [];
  return (
    <section className="basket" aria-labelledby="basket-title">
      <h2 id="basket-title">{t('till.basket')}</h2>
      {lines.length === 0 || !cart ? (
        <Empty>{t('till.emptyBasket')}</Empty>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('till.item')}</th>
                <th scope="col">{t('till.quantity')}</th>
                <th scope="col" className="number">
                  {t('till.unitPrice')}
                </th>
                <th scope="col" className="number">
                  {t('till.lineTotal')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('till.remove', { name: '' })}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={`${line.sku}:${line.quantity}`}>
                  <td>
                    {line.name}
                    <br />
                    <span className="muted">{line.sku}</span>
                  </td>
                  <td>
                    <QuantityInput line={line} onChange={(quantity) => onQuantity(line.sku, quantity)} />
                  </td>
                  <td className="number">{money(line.unitPrice)}</td>
                  <td className="number">{money(line.lineTotal)}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-label={t('till.remove', { name: line.name })}
                      onClick={() => onRemove(line.sku)}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="totals">
            <div className="totals-row">
              <dt>{t('till.subtotal')}</dt>
              <dd>{money(cart.subtotal)}</dd>
            </div>
            {cart.taxes.map((tax) => (
              <div key={tax.code} className="totals-row">
                <dt>{tax.label}</dt>
                <dd>{money(tax.amount)}</dd>
              </div>
            ))}
            <div className="totals-row grand">
              <dt>{t('till.total')}</dt>
              <dd data-testid="basket-total">{money(cart.total)}</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
