import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { call } from '../lib/api.ts';
import { ApiProblem } from '../lib/problems.ts';
import { useLoad } from '../lib/use-load.ts';
import { ErrorState, Loaded } from '../ui/states.tsx';
import { CartLines } from './cart-lines.tsx';
import { type Cart, discardCart, loadCart, type Repriced, repriceCart, useCart } from './cart-store.ts';
import { type CheckoutFields, CheckoutFieldsets, EMPTY_FIELDS, orderBody } from './checkout-form.tsx';
import { newIdempotencyKey } from './idempotency-key.ts';
import { PriceChanges } from './price-changes.tsx';

/** The cart as it will be paid: repriced against the catalog first, so a new price shows before paying. */
async function cartToPay(): Promise<{ cart: Cart; repriced: Repriced } | undefined> {
  const cart = await loadCart();
  if (!cart || cart.lines.length === 0) return undefined;
  const repriced = await repriceCart(cart);
  return { cart: repriced.cart, repriced };
}

/** `/checkout`: the cart's total, a shipping address and a card; then the order, followed live. */
export function CheckoutPage() {
  const { t } = useTranslation('shop');
  const load = useLoad(cartToPay, []);
  return (
    <section className="panel" aria-labelledby="checkout-title">
      <h1 id="checkout-title">{t('checkout.title')}</h1>
      <Loaded
        load={load}
        isEmpty={(fresh) => fresh === undefined}
        empty={
          <>
            {t('cart.empty')} <Link to="/">{t('cart.browse')}</Link>
          </>
        }
      >
        {(fresh) => fresh && <Checkout first={fresh.cart} firstRepriced={fresh.repriced} />}
      </Loaded>
    </section>
  );
}

function Checkout({ first, firstRepriced }: { first: Cart; firstRepriced: Repriced }) {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const cart = useCart() ?? first;
  const [repriced, setRepriced] = useState(firstRepriced);
  const [fields, setFields] = useState<CheckoutFields>(EMPTY_FIELDS);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [priceChanged, setPriceChanged] = useState(false);
  // One key per attempt: a retry of the same body after no answer reuses it (never a second
  // charge); a changed body, or an attempt the API answered, takes a new one.
  const attempt = useRef<{ body: string; key: string }>(undefined);

  async function pay(event: FormEvent) {
    event.preventDefault();
    const lines = cart.lines.map((line) => ({ sku: line.sku, quantity: line.quantity }));
    const body = orderBody(fields, lines, cart.total);
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
    const key = attempt.current.key;
    setBusy(true);
    setFailure(undefined);
    setPriceChanged(false);
    try {
      const placed = await call((api) =>
        api.POST('/api/ordering/orders', { params: { header: { 'idempotency-key': key } }, body }),
      );
      await discardCart(cart);
      navigate(`/orders/${placed.orderId}`);
    } catch (error) {
      if (error instanceof ApiProblem) attempt.current = undefined;
      if (error instanceof ApiProblem && error.code === 'ORDERING_PRICE_CHANGED') {
        // The catalog's prices moved since this page loaded: show the new ones, ask again.
        setPriceChanged(true);
        setRepriced(await repriceCart(cart).catch(() => repriced));
      } else setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="checkout" onSubmit={pay}>
      <PriceChanges repriced={repriced} cart={cart} />
      {priceChanged && (
        <div className="state state-error" role="alert">
          <h2>{t('checkout.priceChangedTitle')}</h2>
          <p>{t('checkout.priceChanged')}</p>
        </div>
      )}
      <CartLines cart={cart} />
      <CheckoutFieldsets fields={fields} onChange={setFields} />
      {failure !== undefined && <ErrorState problem={failure} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('checkout.paying') : t('checkout.pay')}
        </button>
        <Link to="/cart">{t('checkout.backToCart')}</Link>
      </div>
    </form>
  );
}
