/**
 * Creating or editing one of the seller's products. Catalog lists a seller's new product under
 * the seller and refuses edits of anyone else's; the edit is conditional on the version read.
 */
import type { Ok } from '@comptoir/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ActionOutcome, useAction } from '../admin/action.tsx';
import { centsToText, fieldsOf } from '../admin/forms.ts';
import { call } from '../lib/api.ts';
import { parseAmount } from '../lib/money.ts';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';

type Product = Ok<'catalog.getProduct'>;
type Category = Ok<'catalog.getCategory'>;

export function SellerProductPage() {
  const { id } = useParams();
  const load = useLoad(async () => {
    const [categories, product] = await Promise.all([
      call((api) => api.GET('/api/catalog/categories', { params: { query: { limit: 100 } } })),
      id ? call((api) => api.GET('/api/catalog/products/{id}', { params: { path: { id } } })) : undefined,
    ]);
    return { categories: categories.items, product };
  }, [id]);
  return (
    <Loaded load={load}>
      {({ categories, product }) => (
        <ProductForm key={product?.version ?? 'new'} categories={categories} product={product} />
      )}
    </Loaded>
  );
}

function ProductForm({
  categories,
  product: read,
}: {
  categories: Category[];
  product: Product | undefined;
}) {
  const { t } = useTranslation('seller');
  // The version last saved here: a second save in a row is conditional on it, not on the first read.
  const [product, setProduct] = useState(read);
  const navigate = useNavigate();
  const action = useAction();
  const [priceError, setPriceError] = useState(false);
  return (
    <section className="panel" aria-labelledby="product-title">
      <p>
        <Link to="/seller/products">{t('product.back')}</Link>
      </p>
      <h1 id="product-title">{product ? t('product.edit', { sku: product.sku }) : t('product.create')}</h1>
      <form
        className="form"
        onSubmit={(event) => {
          const f = fieldsOf(event);
          const amount = parseAmount(f.price ?? '');
          setPriceError(amount === undefined);
          if (amount === undefined) return;
          const fields = {
            name: f.name ?? '',
            description: f.description ?? '',
            price: { amount, currency: product?.price.currency ?? 'CAD' },
            categoryId: f.categoryId ?? '',
            active: f.active === 'on',
          };
          void action.run(async () => {
            const saved = product
              ? await call((api) =>
                  api.PATCH('/api/catalog/products/{id}', {
                    params: { path: { id: product.id }, header: { 'if-match': `"${product.version}"` } },
                    body: fields,
                  }),
                )
              : await call((api) =>
                  api.POST('/api/catalog/products', { body: { ...fields, sku: f.sku ?? '' } }),
                );
            setProduct(saved);
            if (!product) navigate(`/seller/products/${saved.id}`, { replace: true });
            return t('product.saved', { name: saved.name });
          });
        }}
      >
        {!product && (
          <label>
            SKU
            <input name="sku" required maxLength={64} />
          </label>
        )}
        <label>
          {t('products.name')}
          <input name="name" required maxLength={200} defaultValue={product?.name} />
        </label>
        <label>
          {t('product.description')}
          <textarea name="description" defaultValue={product?.description} />
        </label>
        <label>
          {t('products.price')}
          <input
            name="price"
            required
            inputMode="decimal"
            aria-invalid={priceError}
            defaultValue={product ? centsToText(product.price.amount) : ''}
          />
        </label>
        {priceError && <p role="alert">{t('product.priceInvalid')}</p>}
        <label>
          {t('product.category')}
          <select name="categoryId" required defaultValue={product?.categoryId}>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" name="active" defaultChecked={product?.active ?? true} />
          {t('products.active')}
        </label>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('product.save')}
        </button>
      </form>
      <ActionOutcome state={action.state} />
    </section>
  );
}
