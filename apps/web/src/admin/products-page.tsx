import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call } from '../lib/api.ts';
import { formatMoney } from '../lib/money.ts';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';
import { fieldsOf } from './forms.ts';

/** Head office's catalog: search by words or SKU, open a product to edit it. */
export function ProductsPage() {
  const { t, i18n } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const load = useLoad(
    () =>
      call((api) =>
        api.GET('/api/catalog/products', { params: { query: { limit: 50, ...(q ? { q } : {}) } } }),
      ),
    [q],
  );
  return (
    <section className="panel" aria-labelledby="products-title">
      <h1 id="products-title">{t('products.title')}</h1>
      <form
        className="toolbar"
        onSubmit={(event) => {
          const { q: words = '' } = fieldsOf(event);
          setParams(words ? { q: words } : {});
        }}
      >
        <label>
          {t('products.search')}
          <input name="q" type="search" defaultValue={q} />
        </label>
        <button type="submit">{t('products.searchButton')}</button>
      </form>
      <Loaded load={load} isEmpty={(page) => page.items.length === 0} empty={t('products.empty')}>
        {(page) => (
          <table>
            <caption className="visually-hidden">{t('products.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('products.sku')}</th>
                <th scope="col">{t('products.name')}</th>
                <th scope="col" className="number">
                  {t('products.price')}
                </th>
                <th scope="col">{t('products.active')}</th>
                <th scope="col">{t('products.version')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((product) => (
                <tr key={product.id}>
                  <td>{product.sku}</td>
                  <td>
                    <Link to={`/admin/products/${product.id}`}>{product.name}</Link>
                  </td>
                  <td className="number">{formatMoney(product.price, i18n.language)}</td>
                  <td>{product.active ? t('yes') : t('no')}</td>
                  <td>{product.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}
