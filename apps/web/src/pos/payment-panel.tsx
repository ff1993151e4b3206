import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newId } from '../lib/ids.ts';
import { formatMoney, parseAmount } from '../lib/money.ts';
import { ErrorState } from '../ui/states.tsx';
import { type Cart, type Sale, sell, type Tender } from './pos-api.ts';

export type Method = 'cash' | 'card';

function CashFields({ cart, onTender }: { cart: Cart; onTender: (tender: Tender | undefined) => void }) {
  const { t, i18n } = useTranslation('pos');
  const [text, setText] = useState('');
  const amount = parseAmount(text);
  const change = amount === undefined ? undefined : amount - cart.total.amount;
  const money = (cents: number) => formatMoney({ amount: cents, currency: cart.currency }, i18n.language);
  return (
    <>
      <label>
        {t('pay.tendered', { currency: cart.currency })}
        <input
          name="tendered"
          inputMode="decimal"
          autoComplete="off"
          // biome-ignore lint/a11y/noAutofocus: the amount handed over is the only thing to type
          autoFocus
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            const cents = parseAmount(event.target.value);
            onTender(
              cents === undefined || cents < cart.total.amount
                ? undefined
                : { method: 'cash', tendered: { amount: cents, currency: cart.currency } },
            );
          }}
        />
      </label>
      <p className="change" role="status" aria-live="polite">
        {change !== undefined && change >= 0 && (
          <>
            {t('pay.change')} : <strong data-testid="change-due">{money(change)}</strong>
          </>
        )}
        {change !== undefined && change < 0 && t('pay.short', { amount: money(-change) })}
      </p>
    </>
  );
}

function CardFields({ onTender }: { onTender: (tender: Tender | undefined) => void }) {
  const { t } = useTranslation('pos');
  const [card, setCard] = useState({ number: '', expMonth: '', expYear: '', cvc: '' });
  const update = (field: keyof typeof card, value: string) => {
    const next = { ...card, [field]: value };
    setCard(next);
    const complete =
      /^[0-9][0-9 -]{10,21}[0-9]$/.test(next.number) &&
      /^\d{1,2}$/.test(next.expMonth) &&
      /^\d{4}$/.test(next.expYear) &&
      /^\d{3,4}$/.test(next.cvc);
    onTender(
      complete
        ? {
            method: 'card',
            card: {
              number: next.number,
              expMonth: Number(next.expMonth),
              expYear: Number(next.expYear),
              cvc: next.cvc,
            },
          }
        : undefined,
    );
  };
  return (
    <>
      <p className="muted">{t('pay.terminalNote')}</p>
      <label>
        {t('pay.cardNumber')}
        <input
          name="cardNumber"
          inputMode="numeric"
          autoComplete="off"
          // biome-ignore lint/a11y/noAutofocus: the card is the next thing to type
          autoFocus
          value={card.number}
          onChange={(event) => update('number', event.target.value)}
        />
      </label>
      <div className="row">
        <label>
          {t('pay.expMonth')}
          <input
            name="expMonth"
            inputMode="numeric"
            autoComplete="off"
            value={card.expMonth}
            onChange={(event) => update('expMonth', event.target.value)}
          />
        </label>
        <label>
          {t('pay.expYear')}
          <input
            name="expYear"
            inputMode="numeric"
            autoComplete="off"
            value={card.expYear}
            onChange={(event) => update('expYear', event.target.value)}
          />
        </label>
        <label>
          {t('pay.cvc')}
          <input
            name="cvc"
            inputMode="numeric"
            autoComplete="off"
            value={card.cvc}
            onChange={(event) => update('cvc', event.target.value)}
          />
        </label>
      </div>
    </>
  );
}

/**
 * Taking the payment. The sale id is made when the panel opens and kept for every attempt: a
 * retry after a lost answer is the same sale, never a second one (it is the idempotency key).
 */
export function PaymentPanel({
  method,
  cart,
  onPaid,
  onCancel,
}: {
  method: Method;
  cart: Cart;
  onPaid: (sale: Sale) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation('pos');
  const [saleId] = useState(() => newId('sal'));
  const [tender, setTender] = useState<Tender>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const total = formatMoney(cart.total, i18n.language);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!tender || busy) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onPaid(await sell(saleId, cart.id, tender));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const title = method === 'cash' ? t('pay.cashTitle') : t('pay.cardTitle');
  return (
    <section className="panel payment" aria-labelledby="payment-title">
      <h2 id="payment-title">{title}</h2>
      <p className="due">
        {t('pay.due')} : <strong>{total}</strong>
      </p>
      <form className="form" onSubmit={submit} noValidate>
        {method === 'cash' ? (
          <CashFields cart={cart} onTender={setTender} />
        ) : (
          <CardFields onTender={setTender} />
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={!tender || busy}>
            {busy ? t('pay.paying') : t('pay.confirm', { amount: total })}
          </button>
          <button type="button" onClick={onCancel}>
            {t('pay.cancel')}
          </button>
        </div>
      </form>
      {failure !== undefined && <ErrorState problem={failure} />}
    </section>
  );
}
