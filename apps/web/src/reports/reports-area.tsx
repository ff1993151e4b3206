/**
 * `/reports`: head office and store managers. The reporting service narrows a manager to their
 * stores whatever the screen asks; the screen only offers what the caller may see.
 */
import './reports.css';
import './charts.ts';
import { Navigate, Route, Routes } from 'react-router';
import { RequireRole } from '../ui/require-role.tsx';
import { ReportsPage } from './reports-page.tsx';

export default function ReportsArea() {
  return (
    <RequireRole roles={['admin', 'store_manager']}>
      <Routes>
        <Route index element={<ReportsPage />} />
        <Route path="*" element={<Navigate to="/not-found" replace />} />
      </Routes>
    </RequireRole>
  );
}
