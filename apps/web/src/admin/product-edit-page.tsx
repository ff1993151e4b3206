/**
 * Editing one product as head office, with optimistic concurrency: the edit carries
 * `If-Match: "<version read>"`. When another admin saved in between, catalog answers 412 and this
 * screen shows both versions side by side; the admin reloads theirs or overwrites it knowingly
 * (an overwrite is conditional on the version just shown, so a third edit is caught too).
 */
import type { Ok } from '@comptoir/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { call } from '../lib/api.ts';
import { formatMoney, parseAmount } from '../lib/money.ts';
import { ApiProblem } from '../lib/problems.ts';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';
import { ActionOutcome, useAction } from './action.tsx';
import { centsToText } from './forms.ts';

type Product = Ok<'catalog.getProduct'>;

interface Draft {
  name: string;
  description: string;
  price: string;
  active: boolean;
}

const draftOf = (product: Product): Draft => ({
  name: product.name,
  description: product.description,
  price: centsToText(product.price.amount),
  active: product.active,
});

const getProduct = (id: string) =>
  call((api) => api.GET('/api/catalog/products/{id}', { params: { path: { id } } }));

export function ProductEditPage() {
  const { id = '' } = useParams();
  const load = useLoad(() => getProduct(id), [id]);
  return <Loaded load={load}>{(product) => <ProductForm key={product.version} initial={product} />}</Loaded>;
}

function ProductForm({ initial }: { initial: Product }) {
  const { t, i18n } = useTranslation('admin');
  const [base, setBase] = useState(initial);
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [theirs, setTheirs] = useState<Product | undefined>();
  const [priceError, setPriceError] = useState(false);
  const action = useAction();
  const money = (cents: number) =>
    formatMoney({ amount: cents, currency: base.price.currency }, i18n.language);

  const save = async (version: number) => {
    const amount = parseAmount(draft.price);
    setPriceError(amount === undefined);
    if (amount === undefined) return;
    await action.run(async () => {
      try {
        const saved = await call((api) =>
          api.PATCH('/api/catalog/products/{id}', {
            params: { path: { id: base.id }, header: { 'if-match': `"${version}"` } },
            body: {
              name: draft.name,
              description: draft.description,
              price: { amount, currency: base.price.currency },
              active: draft.active,
            },
          }),
        );
        setBase(saved);
        setDraft(draftOf(saved));
        setTheirs(undefined);
        return t('product.saved', { version: saved.version });
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 412) {
          setTheirs(await getProduct(base.id));
          return t('product.conflictNotice');
        }
        throw error;
      }
    });
  };

  const field = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  return (
    <section className="panel" aria-labelledby="product-title">
      <p>
        <Link to="/admin/products">{t('product.back')}</Link>
      </p>
      <h1 id="product-title">{t('product.title', { sku: base.sku })}</h1>
      <p className="muted">{t('product.versionRead', { version: base.version })}</p>
      {theirs && (
        <div className="conflict" role="alert" aria-labelledby="conflict-title">
          <h2 id="conflict-title">{t('product.conflictTitle')}</h2>
          <p>{t('product.conflictText', { version: theirs.version })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('product.field')}</th>
                <th scope="col">{t('product.yours')}</th>
                <th scope="col">{t('product.theirs')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('products.name')}</th>
                <td>{draft.name}</td>
                <td data-testid="theirs-name">{theirs.name}</td>
              </tr>
              <tr>
                <th scope="row">{t('products.price')}</th>
                <td>{money(parseAmount(draft.price) ?? 0)}</td>
                <td data-testid="theirs-price">{money(theirs.price.amount)}</td>
              </tr>
              <tr>
                <th scope="row">{t('product.description')}</th>
                <td>{draft.description}</td>
                <td>{theirs.description}</td>
              </tr>
              <tr>
                <th scope="row">{t('products.active')}</th>
                <td>{draft.active ? t('yes') : t('no')}</td>
                <td>{theirs.active ? t('yes') : t('no')}</td>
              </tr>
            </tbody>
          </table>
          <div className="actions">
            <button
              type="button"
              onClick={() => {
                setBase(theirs);
                setDraft(draftOf(theirs));
                setTheirs(undefined);
              }}
            >
              {t('product.reload')}
            </button>
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              onClick={() => save(theirs.version)}
            >
              {t('product.overwrite')}
            </button>
          </div>
        </div>
      )}
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void save(base.version);
        }}
      >
        <label>
          {t('products.name')}
          <input
            required
            maxLength={200}
            value={draft.name}
            onChange={(e) => field('name', e.target.value)}
          />
        </label>
        <label>
          {t('product.description')}
          <textarea value={draft.description} onChange={(e) => field('description', e.target.value)} />
        </label>
        <label>
          {t('product.priceLabel', { currency: base.price.currency })}
          <input
            inputMode="decimal"
            required
            value={draft.price}
            aria-invalid={priceError}
            aria-describedby={priceError ? 'price-error' : undefined}
            onChange={(e) => field('price', e.target.value)}
          />
        </label>
        {priceError && (
          <p id="price-error" role="alert">
            {t('product.priceInvalid')}
          </p>
        )}
        <label className="check">
          <input type="checkbox" checked={draft.active} onChange={(e) => field('active', e.target.checked)} />
          {t('products.active')}
        </label>
        <button type="submit" className="primary" disabled={action.busy || theirs !== undefined}>
          {t('product.save')}
        </button>
      </form>
      {action.state.status !== 'done' || !theirs ? <ActionOutcome state={action.state} /> : null}
    </section>
  );
}
