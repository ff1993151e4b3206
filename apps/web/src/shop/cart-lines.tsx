import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cart } from './cart-store.ts';
import { money } from './format.ts';

type Line = Pick<Cart['lines'][number], 'sku' | 'name' | 'quantity' | 'unitPrice' | 'lineTotal'>;
/** A cart, or an order: lines and the totals cart or ordering computed. */
type Priced = Pick<Cart, 'subtotal' | 'taxes' | 'total'> & { lines: readonly Line[] };

/**
 * The cart's lines and totals with its taxes (TPS, TVQ) as cart computed them — the shop never
 * adds money up itself. With `onQuantity`/`onRemove`, each line can be changed.
 */
export function CartLines({
  cart,
  onQuantity,
  onRemove,
  busy = false,
}: {
  cart: Priced;
  onQuantity?: (line: Line, quantity: number) => void;
  onRemove?: (line: Line) => void;
  busy?: boolean;
}) {
  const { t, i18n } = useTranslation('shop');
  const editable = onQuantity !== undefined;
  return (
    <table className="cart-lines">
      <caption className="visually-hidden">{t('cart.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('cart.product')}</th>
          <th scope="col" className="number">
            {t('cart.unitPrice')}
          </th>
          <th scope="col" className="number">
            {t('cart.quantity')}
          </th>
          <th scope="col" className="number">
            {t('cart.lineTotal')}
          </th>
          {onRemove && (
            <th scope="col">
              <span className="visually-hidden">{t('cart.actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {cart.lines.map((line) => (
          <tr key={line.sku}>
            <td>
              {line.name}
              <span className="muted sku"> {line.sku}</span>
            </td>
            <td className="number">{money(line.unitPrice, i18n.language)}</td>
            <td className="number">
              {editable ? (
                <QuantityInput line={line} busy={busy} onChange={(quantity) => onQuantity(line, quantity)} />
              ) : (
                line.quantity
              )}
            </td>
            <td className="number">{money(line.lineTotal, i18n.language)}</td>
            {onRemove && (
              <td>
                <button
                  type="button"
                  disabled={busy}
                  aria-label={t('cart.removeLine', { name: line.name })}
                  onClick={() => onRemove(line)}
                >
                  {t('cart.remove')}
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            {t('cart.subtotal')}
          </th>
          <td className="number">{money(cart.subtotal, i18n.language)}</td>
        </tr>
        {cart.taxes.map((tax) => (
          <tr key={tax.code}>
            <th scope="row" colSpan={3}>
              {tax.label}
            </th>
            <td className="number">{money(tax.amount, i18n.language)}</td>
          </tr>
        ))}
        <tr className="total">
          <th scope="row" colSpan={3}>
            {t('cart.total')}
          </th>
          <td className="number" data-testid="cart-total">
            {money(cart.total, i18n.language)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** A quantity sent when the customer leaves the field or presses Enter, not at every keystroke. */
function QuantityInput({
  line,
  busy,
  onChange,
}: {
  line: Line;
  busy: boolean;
  onChange: (n: number) => void;
}) {
  const { t } = useTranslation('shop');
  const [value, setValue] = useState(String(line.quantity));
  const send = () => {
    const quantity = Number(value);
    if (Number.isInteger(quantity) && quantity >= 1 && quantity <= 999 && quantity !== line.quantity)
      onChange(quantity);
    else setValue(String(line.quantity));
  };
  return (
    <input
      type="number"
      className="quantity"
      min={1}
      max={999}
      disabled={busy}
      aria-label={t('cart.quantityOf', { name: line.name })}
      value={value}
      onChange={(event) => setValue(event.target.value)}
      onBlur={send}
      onKeyDown={(event) => {
        if (event.key === 'Enter') send();
      }}
    />
  );
}
