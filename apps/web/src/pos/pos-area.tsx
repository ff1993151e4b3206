import { useTranslation } from 'react-i18next';
import { RequireRole } from '../ui/require-role.tsx';

/** `/pos`: the register, for cashiers, their managers and head office. */
export default function PosArea() {
  const { t } = useTranslation('pos');
  return (
    <RequireRole roles={['cashier', 'store_manager', 'admin']}>
      <section className="panel" aria-labelledby="pos-title">
        <h1 id="pos-title">{t('title')}</h1>
      </section>
    </RequireRole>
  );
}
