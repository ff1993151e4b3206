import { useTranslation } from 'react-i18next';
import type { Cart, Repriced } from './cart-store.ts';
import { money } from './format.ts';

/**
 * What cart's reprice found: prices the catalog changed since a line was added, and products no
 * longer sold that left the cart. Nothing at all when nothing changed.
 */
export function PriceChanges({ repriced, cart }: { repriced: Repriced | undefined; cart: Cart }) {
  const { t, i18n } = useTranslation('shop');
  if (!repriced || (repriced.changes.length === 0 && repriced.removed.length === 0)) return null;
  const nameOf = (sku: string) => cart.lines.find((line) => line.sku === sku)?.name ?? sku;
  return (
    <div className="notice" role="status">
      <h2>{t('reprice.title')}</h2>
      <ul>
        {repriced.changes.map((change) => (
          <li key={change.sku}>
            {t('reprice.changed', {
              name: nameOf(change.sku),
              from: money(change.from, i18n.language),
              to: money(change.to, i18n.language),
            })}
          </li>
        ))}
        {repriced.removed.map((line) => (
          <li key={line.sku}>{t('reprice.removed', { sku: line.sku })}</li>
        ))}
      </ul>
    </div>
  );
}
