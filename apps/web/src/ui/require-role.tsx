import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { hasRole, type Role, useWho } from '../lib/who.ts';

/** An area for some roles: asks to sign in, or says the account cannot use it. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const person = useWho();
  const location = useLocation();
  if (!person) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  if (!hasRole(person, roles)) {
    const needed = roles.map((role) => t(`roles.${role}`)).join(', ');
    return (
      <div className="state state-error" role="alert">
        <p>{t('auth.forbidden', { roles: needed })}</p>
      </div>
    );
  }
  return <>{children}</>;
}
