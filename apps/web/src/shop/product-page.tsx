import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { call } from '../lib/api.ts';
import { ApiProblem } from '../lib/problems.ts';
import { useLoad } from '../lib/use-load.ts';
import { ErrorState, Loaded } from '../ui/states.tsx';
import { addToCart } from './cart-store.ts';
import { money } from './format.ts';

/** `/products/:id`: the gateway's product view — the product, and how many online and per store. */
export function ProductPage() {
  const { t } = useTranslation('shop');
  const { id = '' } = useParams();
  const view = useLoad(
    () =>
      call((api) => api.GET('/api/views/products/{id}', { params: { path: { id } } })).catch(
        // An unknown (or deleted) product is "this product no longer exists", not an error.
        (error: unknown) => {
          if (error instanceof ApiProblem && (error.status === 404 || error.status === 400))
            return { product: null, availability: null, degraded: [] };
          throw error;
        },
      ),
    [id],
  );
  return (
    <Loaded load={view} isEmpty={(page) => page.product === null} empty={t('product.gone')}>
      {(page) => page.product && <ProductDetail view={{ ...page, product: page.product }} />}
    </Loaded>
  );
}

interface View {
  product: { name: string; sku: string; description: string; price: { amount: number; currency: string } };
  availability: {
    online: number;
    stores: { storeId: string; name: string; district: string; available: number }[];
  } | null;
}

function ProductDetail({ view }: { view: View }) {
  const { t, i18n } = useTranslation('shop');
  const { product, availability } = view;
  const online = availability?.online;
  return (
    <article className="panel product" aria-labelledby="product-title">
      <p>
        <Link to="/">{t('product.back')}</Link>
      </p>
      <h1 id="product-title">{product.name}</h1>
      <p className="price large">{money(product.price, i18n.language)}</p>
      <p className="muted">{t('product.sku', { sku: product.sku })}</p>
      {product.description && <p>{product.description}</p>}
      <section aria-labelledby="availability-title">
        <h2 id="availability-title">{t('product.availability')}</h2>
        {availability === null ? (
          <p className="notice">{t('product.availabilityUnknown')}</p>
        ) : (
          <>
            <p className={online ? 'in-stock' : 'out-of-stock'}>
              {online ? t('product.online', { count: online }) : t('product.onlineNone')}
            </p>
            {availability.stores.length > 0 && (
              <ul className="stores">
                {availability.stores.map((store) => (
                  <li key={store.storeId}>
                    {t('product.store', { name: store.name, district: store.district })} —{' '}
                    {store.available > 0
                      ? t('product.inStore', { count: store.available })
                      : t('product.inStoreNone')}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
      <AddToCart sku={product.sku} disabled={online === 0} />
    </article>
  );
}

function AddToCart({ sku, disabled }: { sku: string; disabled: boolean }) {
  const { t } = useTranslation('shop');
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setAdded(false);
    setFailure(undefined);
    try {
      await addToCart(sku, quantity);
      setAdded(true);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-to-cart" onSubmit={submit}>
      <label className="quantity-field">
        {t('product.quantity')}
        <input
          type="number"
          className="quantity"
          min={1}
          max={999}
          required
          value={quantity}
          onChange={(event) => setQuantity(Math.max(1, Math.min(999, Number(event.target.value) || 1)))}
        />
      </label>
      <button type="submit" className="primary" disabled={busy || disabled}>
        {disabled ? t('product.soldOut') : busy ? t('product.adding') : t('product.add')}
      </button>
      <div role="status" aria-live="polite">
        {added && (
          <p className="ok">
            {t('product.added')} <Link to="/cart">{t('product.seeCart')}</Link>
          </p>
        )}
      </div>
      {failure !== undefined && <ErrorState problem={failure} />}
    </form>
  );
}
