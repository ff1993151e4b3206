import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../lib/api.ts';
import { formatMoney } from '../lib/money.ts';
import { useLoad } from '../lib/use-load.ts';
import { useWho } from '../lib/who.ts';
import { Loaded } from '../ui/states.tsx';

/** The products listed under the signed-in seller (catalog's `sellerId` is the seller's user id). */
export function SellerProductsPage() {
  const { t, i18n } = useTranslation('seller');
  const sellerId = useWho()?.id ?? '';
  const load = useLoad(
    () => call((api) => api.GET('/api/catalog/products', { params: { query: { limit: 100, sellerId } } })),
    [sellerId],
  );
  return (
    <section className="panel" aria-labelledby="mine-title">
      <h1 id="mine-title">{t('products.title')}</h1>
      <p>
        <Link className="button" to="/seller/products/new">
          {t('products.new')}
        </Link>
      </p>
      <Loaded load={load} isEmpty={(page) => page.items.length === 0} empty={t('products.empty')}>
        {(page) => (
          <table>
            <caption className="visually-hidden">{t('products.title')}</caption>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">{t('products.name')}</th>
                <th scope="col" className="number">
                  {t('products.price')}
                </th>
                <th scope="col">{t('products.active')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((product) => (
                <tr key={product.id}>
                  <td>{product.sku}</td>
                  <td>
                    <Link to={`/seller/products/${product.id}`}>{product.name}</Link>
                  </td>
                  <td className="number">{formatMoney(product.price, i18n.language)}</td>
                  <td>{product.active ? t('yes') : t('no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}
