import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';
import { ProductList } from './product-list.tsx';

/** `/`: the categories, a search box, and the products of the category or search chosen. */
export function CatalogPage() {
  const { t } = useTranslation('shop');
  const [params, setParams] = useSearchParams();
  const category = params.get('category') ?? undefined;
  const q = params.get('q') ?? undefined;
  const categories = useLoad(
    () => call((api) => api.GET('/api/catalog/categories', { params: { query: { limit: 100 } } })),
    [],
  );
  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);

  function search(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams(params);
    const words = text.trim();
    if (words) next.set('q', words);
    else next.delete('q');
    setParams(next);
  }

  const chosen =
    categories.status === 'ready'
      ? categories.data.items.find((c) => c.slug === category || c.id === category)
      : undefined;
  const title = q ? t('catalog.resultsFor', { q }) : chosen ? chosen.name : t('catalog.allProducts');

  return (
    <div className="catalog">
      <search className="search">
        <form onSubmit={search}>
          <label htmlFor="shop-search">{t('catalog.searchLabel')}</label>
          <input
            id="shop-search"
            type="search"
            name="q"
            value={text}
            maxLength={200}
            placeholder={t('catalog.searchPlaceholder')}
            onChange={(event) => setText(event.target.value)}
          />
          <button type="submit" className="primary">
            {t('catalog.search')}
          </button>
        </form>
      </search>
      <div className="catalog-body">
        <section className="panel categories" aria-labelledby="categories-title">
          <h2 id="categories-title">{t('catalog.categories')}</h2>
          <Loaded
            load={categories}
            isEmpty={(page) => page.items.length === 0}
            empty={t('catalog.noCategories')}
          >
            {(page) => (
              <ul className="category-list">
                <li>
                  <Link to="/" aria-current={!category && !q ? 'page' : undefined}>
                    {t('catalog.allProducts')}
                  </Link>
                </li>
                {page.items.map((item) => (
                  <li key={item.id}>
                    <Link
                      to={`/?category=${encodeURIComponent(item.slug)}`}
                      aria-current={item.slug === category ? 'page' : undefined}
                    >
                      {item.name}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Loaded>
        </section>
        <section className="panel products" aria-labelledby="products-title">
          <h1 id="products-title">{title}</h1>
          <ProductList category={category} q={q} />
        </section>
      </div>
    </div>
  );
}
