import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLoad } from '../lib/use-load.ts';
import { hasRole, useWho } from '../lib/who.ts';
import { ErrorState, Loaded } from '../ui/states.tsx';
import { CartLines } from './cart-lines.tsx';
import {
  type Cart,
  changeQuantity,
  loadCart,
  type Merged,
  type Repriced,
  removeLine,
  repriceCart,
  useCart,
} from './cart-store.ts';
import { PriceChanges } from './price-changes.tsx';

/** Loads the cart and checks its prices against the catalog at once: a new price shows here first. */
async function freshCart(): Promise<{ cart: Cart; repriced: Repriced } | undefined> {
  const cart = await loadCart();
  if (!cart || cart.lines.length === 0) return undefined;
  const repriced = await repriceCart(cart);
  return { cart: repriced.cart, repriced };
}

/** `/cart`: the lines, quantities, taxes and total; then sign-in (a visitor) or checkout. */
export function CartPage({ merged }: { merged: Merged | undefined }) {
  const { t } = useTranslation('shop');
  const person = useWho();
  // No reload when the merge answers: loading a customer's cart waits for a merge in flight.
  const load = useLoad(freshCart, [person?.id]);
  return (
    <section className="panel" aria-labelledby="cart-title">
      <h1 id="cart-title">{t('cart.title')}</h1>
      {merged && <MergeNotice merged={merged} />}
      <Loaded load={load} isEmpty={(fresh) => fresh === undefined} empty={<EmptyCart />}>
        {(fresh) =>
          fresh && (
            <CartEditor
              first={fresh.cart}
              repriced={fresh.repriced}
              signedIn={hasRole(person, ['customer'])}
            />
          )
        }
      </Loaded>
    </section>
  );
}

function EmptyCart() {
  const { t } = useTranslation('shop');
  return (
    <>
      {t('cart.empty')} <Link to="/">{t('cart.browse')}</Link>
    </>
  );
}

function MergeNotice({ merged }: { merged: Merged }) {
  const { t } = useTranslation('shop');
  return (
    <div className="notice" role="status">
      <p>{t('cart.merged')}</p>
      {merged.dropped.length > 0 && (
        <p>{t('cart.mergeDropped', { skus: merged.dropped.map((line) => line.sku).join(', ') })}</p>
      )}
    </div>
  );
}

function CartEditor({ first, repriced, signedIn }: { first: Cart; repriced: Repriced; signedIn: boolean }) {
  const { t } = useTranslation('shop');
  const cart = useCart() ?? first;
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  async function change(run: () => Promise<Cart>) {
    setBusy(true);
    setFailure(undefined);
    try {
      await run();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  if (cart.lines.length === 0)
    return (
      <p className="state state-empty" role="status">
        <EmptyCart />
      </p>
    );
  return (
    <>
      <PriceChanges repriced={repriced} cart={cart} />
      <CartLines
        cart={cart}
        busy={busy}
        onQuantity={(line, quantity) => void change(() => changeQuantity(cart, line.sku, quantity))}
        onRemove={(line) => void change(() => removeLine(cart, line.sku))}
      />
      {failure !== undefined && <ErrorState problem={failure} />}
      <div className="actions">
        {signedIn ? (
          <Link className="button primary" to="/checkout">
            {t('cart.checkout')}
          </Link>
        ) : (
          <>
            <Link className="button primary" to="/sign-in?next=%2Fcheckout">
              {t('cart.signInToCheckout')}
            </Link>
            <Link className="button" to="/sign-up">
              {t('cart.signUp')}
            </Link>
          </>
        )}
      </div>
    </>
  );
}
