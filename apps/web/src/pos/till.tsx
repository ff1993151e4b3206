import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../lib/money.ts';
import { ErrorState } from '../ui/states.tsx';
import { Basket } from './basket.tsx';
import { CloseSession } from './close-session.tsx';
import { type Method, PaymentPanel } from './payment-panel.tsx';
import {
  addLine,
  type Cart,
  type CashSession,
  openCart,
  removeLine,
  type Sale,
  setQuantity,
  xReport,
  zReport,
} from './pos-api.ts';
import { Receipt } from './receipt.tsx';
import type { RegisterChoice } from './register-choice.ts';
import { ScanField } from './scan-field.tsx';
import { SessionReport } from './session-report.tsx';
import { ShortcutBar } from './shortcut-bar.tsx';
import { useShortcuts } from './use-shortcuts.ts';

type Mode =
  | { kind: 'sell' }
  | { kind: 'pay'; method: Method }
  | { kind: 'receipt'; sale: Sale }
  | { kind: 'x' }
  | { kind: 'close' }
  | { kind: 'z'; session: CashSession };

/**
 * The open register: scan, basket, payment, receipt, X report, closing and Z report. Every step
 * is reachable from the keyboard (shortcuts shown at the bottom); focus lands where the cashier
 * types next.
 */
export function Till({
  choice,
  session,
  initialCart,
  onFinished,
}: {
  choice: RegisterChoice;
  session: CashSession;
  initialCart: Cart | undefined;
  onFinished: () => void;
}) {
  const { t, i18n } = useTranslation('pos');
  const [mode, setMode] = useState<Mode>({ kind: 'sell' });
  const [cart, setCart] = useState<Cart | undefined>(initialCart);
  const [failure, setFailure] = useState<unknown>();
  const scan = useRef<HTMLInputElement>(null);
  const hasLines = (cart?.lines.length ?? 0) > 0;

  const backToSelling = useCallback(() => {
    setMode({ kind: 'sell' });
    setTimeout(() => scan.current?.focus(), 0);
  }, []);

  async function change(run: (cartId: string) => Promise<Cart>) {
    setFailure(undefined);
    try {
      const current = cart ?? (await openCart(session.id));
      setCart(await run(current.id));
    } catch (error) {
      setFailure(error);
      throw error;
    }
  }

  const selling = mode.kind === 'sell';
  const pay = (method: Method) => (selling && hasLines ? () => setMode({ kind: 'pay', method }) : undefined);
  useShortcuts({
    F2: selling ? () => scan.current?.focus() : undefined,
    F4: pay('cash'),
    F7: pay('card'),
    F8: selling ? () => setMode({ kind: 'x' }) : undefined,
    F9: selling ? () => setMode({ kind: 'close' }) : undefined,
    Escape: mode.kind === 'pay' || mode.kind === 'x' || mode.kind === 'close' ? backToSelling : undefined,
    Enter: mode.kind === 'receipt' ? backToSelling : mode.kind === 'z' ? onFinished : undefined,
  });

  const loadX = useCallback(() => xReport(session.id), [session.id]);
  const loadZ = useCallback(() => zReport(session.id), [session.id]);

  const status = t('till.status', {
    store: choice.storeName,
    register: choice.registerName,
    time: new Date(session.openedAt).toLocaleTimeString(i18n.language === 'en' ? 'en-CA' : 'fr-CA', {
      hour: '2-digit',
      minute: '2-digit',
    }),
    float: formatMoney(session.openingFloat, i18n.language),
  });

  return (
    <div className="till">
      <h1 className="till-title">
        {t('title')} <span className="till-status">{status}</span>
      </h1>
      <ShortcutBar
        shortcuts={
          mode.kind === 'sell'
            ? [
                { key: 'F2', label: t('shortcuts.scan') },
                { key: 'F4', label: t('shortcuts.cash') },
                { key: 'F7', label: t('shortcuts.card') },
                { key: 'F8', label: t('shortcuts.x') },
                { key: 'F9', label: t('shortcuts.close') },
              ]
            : mode.kind === 'receipt' || mode.kind === 'z'
              ? [
                  {
                    key: t('shortcuts.enter'),
                    label: mode.kind === 'z' ? t('report.done') : t('receipt.next'),
                  },
                ]
              : [{ key: t('shortcuts.escape'), label: t('shortcuts.back') }]
        }
      />
      {mode.kind === 'sell' && (
        <div className="till-grid">
          <div>
            <ScanField
              inputRef={scan}
              onAdd={(sku, quantity) => change((cartId) => addLine(cartId, sku, quantity))}
            />
            {failure !== undefined && <ErrorState problem={failure} />}
          </div>
          <div>
            <Basket
              cart={cart}
              onQuantity={(sku, quantity) =>
                void change((cartId) => setQuantity(cartId, sku, quantity)).catch(() => undefined)
              }
              onRemove={(sku) => void change((cartId) => removeLine(cartId, sku)).catch(() => undefined)}
            />
            <div className="row actions">
              <button
                type="button"
                className="primary"
                disabled={!hasLines}
                onClick={() => setMode({ kind: 'pay', method: 'cash' })}
              >
                <kbd>F4</kbd> {t('till.payCash')}
              </button>
              <button
                type="button"
                className="primary"
                disabled={!hasLines}
                onClick={() => setMode({ kind: 'pay', method: 'card' })}
              >
                <kbd>F7</kbd> {t('till.payCard')}
              </button>
              <button type="button" onClick={() => setMode({ kind: 'x' })}>
                <kbd>F8</kbd> {t('till.xReport')}
              </button>
              <button type="button" onClick={() => setMode({ kind: 'close' })}>
                <kbd>F9</kbd> {t('till.close')}
              </button>
            </div>
          </div>
        </div>
      )}
      {mode.kind === 'pay' && cart && (
        <PaymentPanel
          method={mode.method}
          cart={cart}
          onPaid={(sale) => {
            // Ordering discarded the basket: the next add opens a new one.
            setCart(undefined);
            setMode({ kind: 'receipt', sale });
          }}
          onCancel={backToSelling}
        />
      )}
      {mode.kind === 'receipt' && <Receipt sale={mode.sale} onNext={backToSelling} />}
      {mode.kind === 'x' && (
        <SessionReport kind="x" load={loadX} onBack={backToSelling} backLabel={t('report.back')} />
      )}
      {mode.kind === 'close' && (
        <CloseSession
          session={session}
          basketHasLines={hasLines}
          onClosed={(closed) => setMode({ kind: 'z', session: closed })}
          onCancel={backToSelling}
        />
      )}
      {mode.kind === 'z' && (
        <SessionReport kind="z" load={loadZ} onBack={onFinished} backLabel={t('report.done')} />
      )}
    </div>
  );
}
