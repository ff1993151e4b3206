import type { Ok } from '@comptoir/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import { ErrorState, Loaded } from '../ui/states.tsx';
import { money } from './format.ts';

type Page = Ok<'catalog.listProducts'>;
type Product = Page['items'][number];

const PAGE_SIZE = 24;

function fetchPage(category: string | undefined, q: string | undefined, cursor?: string) {
  return call((api) =>
    api.GET('/api/catalog/products', {
      params: {
        query: {
          limit: PAGE_SIZE,
          active: true,
          ...(category ? { category } : {}),
          ...(q ? { q } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
    }),
  );
}

/** The products of a category or a search, a page at a time ("more" follows the cursor). */
export function ProductList({ category, q }: { category: string | undefined; q: string | undefined }) {
  const { t } = useTranslation('shop');
  const first = useLoad(() => fetchPage(category, q), [category, q]);
  return (
    <Loaded
      load={first}
      isEmpty={(page) => page.items.length === 0}
      empty={q ? t('catalog.noResults', { q }) : t('catalog.noProducts')}
    >
      {(page) => <Pages key={`${category}|${q}`} first={page} category={category} q={q} />}
    </Loaded>
  );
}

function Pages({ first, category, q }: { first: Page; category: string | undefined; q: string | undefined }) {
  const { t, i18n } = useTranslation('shop');
  const [items, setItems] = useState<Product[]>(first.items);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  async function more() {
    if (!cursor) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const next = await fetchPage(category, q, cursor);
      setItems((shown) => [...shown, ...next.items]);
      setCursor(next.nextCursor);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <ul className="product-grid">
        {items.map((product) => (
          <li key={product.id} className="product-card">
            <Link className="product-name" to={`/products/${product.id}`}>
              {product.name}
            </Link>
            <span className="price">{money(product.price, i18n.language)}</span>
            <span className="muted sku">{product.sku}</span>
          </li>
        ))}
      </ul>
      {failure !== undefined && <ErrorState problem={failure} onRetry={() => void more()} />}
      {cursor && (
        <button type="button" className="more" disabled={busy} onClick={() => void more()}>
          {busy ? t('catalog.loadingMore') : t('catalog.more')}
        </button>
      )}
    </>
  );
}
