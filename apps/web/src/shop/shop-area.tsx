/**
 * `/` (the online shop; unknown paths land here too): browse and search the catalog, a product's
 * availability, the cart, sign-up and its email verification, checkout, and my orders followed
 * live. Phone first; the same screens fit a 1280×800 screen.
 */
import { Route, Routes } from 'react-router';
import { NotFound } from '../ui/not-found.tsx';
import { RequireRole } from '../ui/require-role.tsx';
import { CartPage } from './cart-page.tsx';
import { CatalogPage } from './catalog-page.tsx';
import { CheckoutPage } from './checkout-page.tsx';
import { OrderPage } from './order-page.tsx';
import { OrdersPage } from './orders-page.tsx';
import { ProductPage } from './product-page.tsx';
import { ShopNav } from './shop-nav.tsx';
import { SignUpPage } from './sign-up-page.tsx';
import { useMergeAtSignIn } from './use-merge-at-sign-in.ts';
import { VerifyPage } from './verify-page.tsx';

export default function ShopArea() {
  const merged = useMergeAtSignIn();
  return (
    <div className="shop">
      <ShopNav />
      <Routes>
        <Route index element={<CatalogPage />} />
        <Route path="products/:id" element={<ProductPage />} />
        <Route path="cart" element={<CartPage merged={merged} />} />
        <Route path="sign-up" element={<SignUpPage />} />
        <Route path="verify" element={<VerifyPage />} />
        <Route
          path="checkout"
          element={
            <RequireRole roles={['customer']}>
              <CheckoutPage />
            </RequireRole>
          }
        />
        <Route
          path="orders"
          element={
            <RequireRole roles={['customer']}>
              <OrdersPage />
            </RequireRole>
          }
        />
        <Route
          path="orders/:id"
          element={
            <RequireRole roles={['customer']}>
              <OrderPage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </div>
  );
}
