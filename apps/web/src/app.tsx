/**
 * The areas of the app, one folder each, loaded when first visited. An area owns everything
 * under its path (`/admin/*` …) with its own `<Routes>`, so adding a screen touches one folder.
 */
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './ui/layout.tsx';
import { NotFound } from './ui/not-found.tsx';
import { SignInPage } from './ui/sign-in-page.tsx';

const ShopArea = lazy(() => import('./shop/shop-area.tsx'));
// The register with its offline mode around it (issue 9).
const PosArea = lazy(() => import('./pos/offline/offline-pos-area.tsx'));
const SellerArea = lazy(() => import('./seller/seller-area.tsx'));
const AdminArea = lazy(() => import('./admin/admin-area.tsx'));
const ReportsArea = lazy(() => import('./reports/reports-area.tsx'));

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route path="/*" element={<ShopArea />} />
          <Route path="/pos/*" element={<PosArea />} />
          <Route path="/seller/*" element={<SellerArea />} />
          <Route path="/admin/*" element={<AdminArea />} />
          <Route path="/reports/*" element={<ReportsArea />} />
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/not-found" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
