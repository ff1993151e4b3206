import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { hasRole, useWho } from '../lib/who.ts';
import { articles, useCart } from './cart-store.ts';

/** The shop's own menu: the catalog, the cart with its count, my orders, or an account to make. */
export function ShopNav() {
  const { t } = useTranslation('shop');
  const person = useWho();
  const count = articles(useCart());
  return (
    <nav className="shop-nav" aria-label={t('nav.label')}>
      <ul className="shop-menu">
        <li>
          <NavLink className="shop-link" to="/" end>
            {t('nav.catalog')}
          </NavLink>
        </li>
        <li>
          <NavLink className="shop-link" to="/cart">
            {t('nav.cart')}
            {count > 0 && (
              <>
                <span className="badge" aria-hidden="true">
                  {count}
                </span>
                <span className="visually-hidden">{t('nav.cartCount', { count })}</span>
              </>
            )}
          </NavLink>
        </li>
        {hasRole(person, ['customer']) && (
          <li>
            <NavLink className="shop-link" to="/orders">
              {t('nav.orders')}
            </NavLink>
          </li>
        )}
        {!person && (
          <li>
            <NavLink className="shop-link" to="/sign-up">
              {t('nav.signUp')}
            </NavLink>
          </li>
        )}
      </ul>
    </nav>
  );
}
