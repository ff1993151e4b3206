import { type FormEvent, type RefObject, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../lib/money.ts';
import { ErrorState, Loading } from '../ui/states.tsx';
import { findProducts, type Product } from './pos-api.ts';

/** "3*CHR-001" → 3 × CHR-001; a plain code is one. */
function parseEntry(entry: string): { code: string; quantity: number } {
  const match = /^(\d{1,3})\s*[*xX×]\s*(.+)$/.exec(entry.trim());
  if (match?.[1] && match[2]) return { quantity: Math.max(1, Number(match[1])), code: match[2].trim() };
  return { quantity: 1, code: entry.trim() };
}

/**
 * Where the cashier scans or types: Enter adds the product whose sku is the code (what a barcode
 * scanner types), or the only one the search finds; several matches are listed to pick with
 * Tab and Enter. Focus comes back here after each add.
 */
export function ScanField({
  inputRef,
  onAdd,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  onAdd: (sku: string, quantity: number) => Promise<void>;
}) {
  const { t, i18n } = useTranslation('pos');
  const [entry, setEntry] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [matches, setMatches] = useState<{ products: Product[]; quantity: number; code: string }>();
  const [said, setSaid] = useState('');
  const firstMatch = useRef<HTMLButtonElement>(null);

  async function add(product: Product, quantity: number) {
    setBusy(true);
    try {
      await onAdd(product.sku, quantity);
      setSaid(t('till.added', { name: product.name }));
      setMatches(undefined);
      setEntry('');
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
      inputRef.current?.focus();
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { code, quantity } = parseEntry(entry);
    if (!code) return;
    setBusy(true);
    setFailure(undefined);
    setMatches(undefined);
    setSaid('');
    try {
      const products = await findProducts(code);
      const only = products.length === 1 ? products[0] : undefined;
      const exact = products.find((product) => product.sku.toLowerCase() === code.toLowerCase());
      const chosen = exact ?? only;
      if (chosen) {
        setBusy(false);
        await add(chosen, quantity);
        return;
      }
      setMatches({ products, quantity, code });
      if (products.length > 0) setTimeout(() => firstMatch.current?.focus(), 0);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="scan">
      <form onSubmit={submit} className="scan-form">
        <label htmlFor="scan-input">{t('till.scan')}</label>
        <input
          id="scan-input"
          ref={inputRef}
          name="code"
          autoComplete="off"
          // biome-ignore lint/a11y/noAutofocus: the register's home position: scanning starts here
          autoFocus
          aria-describedby="scan-hint"
          value={entry}
          onChange={(event) => setEntry(event.target.value)}
        />
        <p id="scan-hint" className="muted">
          {t('till.scanHint')}
        </p>
      </form>
      <p className="visually-hidden" role="status" aria-live="polite">
        {said}
      </p>
      {busy && <Loading label={t('till.searching')} />}
      {failure !== undefined && <ErrorState problem={failure} />}
      {matches && matches.products.length === 0 && (
        <p className="state state-empty" role="status">
          {t('till.noMatch', { code: matches.code })}
        </p>
      )}
      {matches && matches.products.length > 0 && (
        <section aria-labelledby="matches-title">
          <h2 id="matches-title">{t('till.matches')}</h2>
          <ul className="matches">
            {matches.products.map((product, index) => (
              <li key={product.id}>
                <button
                  type="button"
                  ref={index === 0 ? firstMatch : undefined}
                  onClick={() => void add(product, matches.quantity)}
                >
                  {t('till.add', { name: product.name, price: formatMoney(product.price, i18n.language) })}
                  <span className="muted"> · {product.sku}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
