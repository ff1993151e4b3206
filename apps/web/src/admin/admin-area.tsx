/**
 * `/admin`: the back office. Head office sees every screen; a store manager sees the parts about
 * their stores (stores and registers, stock). Services enforce the same rules: the menu only
 * spares a manager screens that would answer 403.
 */
import './admin.css';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { hasRole, useWho } from '../lib/who.ts';
import { RequireRole } from '../ui/require-role.tsx';
import { ApiKeysPage } from './api-keys-page.tsx';
import { DeadLettersPage } from './dead-letters-page.tsx';
import { MailboxPage } from './mailbox-page.tsx';
import { ProductEditPage } from './product-edit-page.tsx';
import { ProductsPage } from './products-page.tsx';
import { StockPage } from './stock-page.tsx';
import { StorePage } from './store-page.tsx';
import { StoresPage } from './stores-page.tsx';
import { UsersPage } from './users-page.tsx';

const HEAD_OFFICE = [
  { to: 'products', key: 'products' },
  { to: 'stores', key: 'stores' },
  { to: 'stock', key: 'stock' },
  { to: 'users', key: 'users' },
  { to: 'api-keys', key: 'apiKeys' },
  { to: 'dead-letters', key: 'deadLetters' },
  { to: 'mailbox', key: 'mailbox' },
] as const;
const MANAGER = new Set(['stores', 'stock']);

function AdminMenu({ headOffice }: { headOffice: boolean }) {
  const { t } = useTranslation('admin');
  const items = HEAD_OFFICE.filter((item) => headOffice || MANAGER.has(item.key));
  return (
    <nav aria-label={t('menu.label')} className="area-menu">
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            <NavLink to={`/admin/${item.to}`}>{t(`menu.${item.key}`)}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function AdminRoutes() {
  const headOffice = hasRole(useWho(), ['admin']);
  return (
    <div className="admin">
      <AdminMenu headOffice={headOffice} />
      <Routes>
        <Route index element={<Navigate to={headOffice ? 'products' : 'stock'} replace />} />
        <Route path="products" element={<ProductsPage />} />
        <Route path="products/:id" element={<ProductEditPage />} />
        <Route path="stores" element={<StoresPage />} />
        <Route path="stores/:id" element={<StorePage />} />
        <Route path="stock" element={<StockPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="dead-letters" element={<DeadLettersPage />} />
        <Route path="mailbox" element={<MailboxPage />} />
        <Route path="*" element={<Navigate to="/not-found" replace />} />
      </Routes>
    </div>
  );
}

export default function AdminArea() {
  return (
    <RequireRole roles={['admin', 'store_manager']}>
      <AdminRoutes />
    </RequireRole>
  );
}
