/** `/seller`: a seller's own products (list, create, edit) and own sales (mark shipped). */
import '../admin/admin.css';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { RequireRole } from '../ui/require-role.tsx';
import { SellerProductPage } from './seller-product-page.tsx';
import { SellerProductsPage } from './seller-products-page.tsx';
import { SellerSalesPage } from './seller-sales-page.tsx';

function SellerMenu() {
  const { t } = useTranslation('seller');
  return (
    <nav aria-label={t('menu.label')} className="area-menu">
      <ul>
        <li>
          <NavLink to="/seller/products">{t('menu.products')}</NavLink>
        </li>
        <li>
          <NavLink to="/seller/sales">{t('menu.sales')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

export default function SellerArea() {
  return (
    <RequireRole roles={['seller']}>
      <div className="seller">
        <SellerMenu />
        <Routes>
          <Route index element={<Navigate to="products" replace />} />
          <Route path="products" element={<SellerProductsPage />} />
          <Route path="products/new" element={<SellerProductPage />} />
          <Route path="products/:id" element={<SellerProductPage />} />
          <Route path="sales" element={<SellerSalesPage />} />
          <Route path="*" element={<Navigate to="/not-found" replace />} />
        </Routes>
      </div>
    </RequireRole>
  );
}
