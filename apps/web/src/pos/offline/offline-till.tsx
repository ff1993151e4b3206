import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type BasketLine, priced, withProduct, withQuantity } from './basket.ts';
import type { OfflineSale, Product, RegisterSnapshot } from './device-db.ts';
import { money } from './format.ts';
import { OfflinePayment } from './offline-payment.tsx';
import { OfflineReceipt } from './offline-receipt.tsx';
import { cardAllowed, recordOfflineSale, type Tender } from './offline-sales.ts';
import { productBySku, searchProducts } from './snapshot.ts';
import { saleRecorded } from './sync-engine.ts';

type Mode =
  | { kind: 'sell' }
  | { kind: 'pay'; method: 'cash' | 'card' }
  | { kind: 'receipt'; sale: OfflineSale };

/** "3*SKU" → 3 and "SKU"; a bare code is one. */
function quantityAndCode(typed: string): [number, string] {
  const match = /^(\d{1,3})\s*\*\s*(.+)$/.exec(typed.trim());
  return match ? [Number(match[1]), (match[2] ?? '').trim()] : [1, typed.trim()];
}

/**
 * The register with no backend: sells from the device's copy of the catalog, prices with the
 * store's taxes, takes cash (and a card where the store's offline-card policy allows it), and
 * keeps each sale on the device until it syncs. `onBusy` holds this screen while a sale is under
 * way, so a returning network does not swap the screen under the cashier's hands.
 */
export function OfflineTill({
  snapshot,
  onBusy,
}: {
  snapshot: RegisterSnapshot;
  onBusy: (busy: boolean) => void;
}) {
  const { t, i18n } = useTranslation('offline');
  const { store, register } = snapshot;
  const [lines, setLines] = useState<BasketLine[]>([]);
  const [mode, setMode] = useState<Mode>({ kind: 'sell' });
  const [typed, setTyped] = useState('');
  const [matches, setMatches] = useState<Product[]>([]);
  const [notice, setNotice] = useState<string>();
  const search = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const sums = useMemo(() => priced(lines, store), [lines, store]);
  const show = (value: { amount: number; currency: string }) => money(value, i18n.language);
  const card = cardAllowed(snapshot, sums.total.amount);

  useEffect(() => onBusy(lines.length > 0 || mode.kind !== 'sell'), [lines.length, mode.kind, onBusy]);
  useEffect(() => () => onBusy(false), [onBusy]);

  const add = (product: Product, quantity: number) => {
    setLines((current) => withProduct(current, product, quantity));
    setMatches([]);
    setTyped('');
    search.current?.focus();
  };

  async function find(event: FormEvent) {
    event.preventDefault();
    const [quantity, code] = quantityAndCode(typed);
    if (!code) return;
    setNotice(undefined);
    const exact = await productBySku(code);
    if (exact) return add(exact, quantity);
    const found = await searchProducts(code);
    if (found.length === 1 && found[0]) return add(found[0], quantity);
    setMatches(found);
    if (found.length === 0) setNotice(t('till.noMatch', { code }));
  }

  async function pay(tender: Tender) {
    const sale = await recordOfflineSale(snapshot, { ...sums, payment: tender });
    setLines([]);
    setMode({ kind: 'receipt', sale });
    await saleRecorded();
  }

  const nextSale = () => {
    setMode({ kind: 'sell' });
    setTimeout(() => search.current?.focus(), 0);
  };

  if (mode.kind === 'receipt')
    return <OfflineReceipt sale={mode.sale} snapshot={snapshot} onNext={nextSale} />;
  if (mode.kind === 'pay')
    return (
      <OfflinePayment
        method={mode.method}
        total={sums.total.amount}
        store={store}
        onPaid={pay}
        onCancel={nextSale}
      />
    );

  return (
    <section className="offline-till" aria-labelledby="offline-till-title">
      <h1 id="offline-till-title">{t('till.title')}</h1>
      <p className="muted">{t('till.context', { store: store.name, register: register.name })}</p>
      <div className="till-grid">
        <div className="scan">
          <form onSubmit={find} className="scan-form">
            <label htmlFor="offline-search">{t('till.search')}</label>
            <input
              id="offline-search"
              ref={search}
              autoComplete="off"
              // biome-ignore lint/a11y/noAutofocus: a scanner types into this field as the screen opens
              autoFocus
              aria-describedby={hintId}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
            />
            <p id={hintId} className="muted">
              {t('till.searchHint', { date: new Date(snapshot.refreshedAt).toLocaleString(i18n.language) })}
            </p>
          </form>
          {notice && <p role="status">{notice}</p>}
          {matches.length > 0 && (
            <ul aria-label={t('till.matches')} className="matches">
              {matches.map((product) => (
                <li key={product.sku}>
                  <button type="button" onClick={() => add(product, 1)}>
                    {t('till.add', { name: product.name, price: show(product.price) })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h2>{t('till.basket')}</h2>
          {lines.length === 0 ? (
            <p>{t('till.empty')}</p>
          ) : (
            <table className="basket">
              <thead>
                <tr>
                  <th scope="col">{t('till.item')}</th>
                  <th scope="col">{t('till.quantity')}</th>
                  <th scope="col" className="number">
                    {t('till.lineTotal')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('till.remove', { name: '' })}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sums.lines.map((line) => (
                  <tr key={line.sku}>
                    <td>{line.name}</td>
                    <td>
                      <input
                        type="number"
                        min={1}
                        max={999}
                        aria-label={t('till.quantityOf', { name: line.name })}
                        value={line.quantity}
                        onChange={(event) =>
                          setLines((current) => withQuantity(current, line.sku, Number(event.target.value)))
                        }
                      />
                    </td>
                    <td className="number">{show(line.lineTotal)}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setLines((current) => withQuantity(current, line.sku, 0))}
                      >
                        {t('till.remove', { name: line.name })}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t('till.subtotal')}
                  </th>
                  <td className="number">{show(sums.subtotal)}</td>
                </tr>
                {sums.taxes.map((tax) => (
                  <tr key={tax.code}>
                    <th scope="row" colSpan={2}>
                      {tax.label}
                    </th>
                    <td className="number">{show(tax.amount)}</td>
                  </tr>
                ))}
                <tr className="grand">
                  <th scope="row" colSpan={2}>
                    {t('till.total')}
                  </th>
                  <td className="number" data-testid="offline-total">
                    {show(sums.total)}
                  </td>
                </tr>
              </tfoot>
            </table>
          )}
          <div className="row actions">
            <button
              type="button"
              className="primary"
              disabled={lines.length === 0}
              onClick={() => setMode({ kind: 'pay', method: 'cash' })}
            >
              {t('till.payCash')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={lines.length === 0 || card !== 'ok'}
              onClick={() => setMode({ kind: 'pay', method: 'card' })}
            >
              {t('till.payCard')}
            </button>
          </div>
          {lines.length > 0 && card !== 'ok' && (
            <p className="hint">
              {card === 'off'
                ? t('till.cardOff')
                : t('till.cardOverLimit', {
                    limit: register.offlineCard.perSaleLimit ? show(register.offlineCard.perSaleLimit) : '',
                  })}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
