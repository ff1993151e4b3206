import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { signOut } from '../lib/api.ts';
import { useWho } from '../lib/who.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { Loading } from './states.tsx';

const AREAS = [
  { to: '/', key: 'shop', end: true },
  { to: '/pos', key: 'pos', end: false },
  { to: '/seller', key: 'seller', end: false },
  { to: '/admin', key: 'admin', end: false },
  { to: '/reports', key: 'reports', end: false },
] as const;

function SignInState() {
  const { t } = useTranslation();
  const person = useWho();
  const navigate = useNavigate();
  const location = useLocation();
  if (!person) {
    const next = encodeURIComponent(location.pathname + location.search);
    return (
      <Link className="button" to={`/sign-in?next=${next}`}>
        {t('auth.signIn')}
      </Link>
    );
  }
  const roles = person.roles.map((role) => t(`roles.${role}`)).join(', ');
  return (
    <div className="sign-in-state">
      <span className="who">{t('auth.signedInAs', { roles })}</span>
      <button
        type="button"
        onClick={() => {
          void signOut();
          navigate('/');
        }}
      >
        {t('auth.signOut')}
      </button>
    </div>
  );
}

/** Header (brand, areas, language, who is signed in) over the area's screen; print shows the screen only. */
export function Layout() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <Link className="brand" to="/">
          {t('brand')}
        </Link>
        <nav aria-label={t('nav.label')}>
          <ul>
            {AREAS.map((area) => (
              <li key={area.key}>
                <NavLink to={area.to} end={area.end}>
                  {t(`nav.${area.key}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <LanguageSwitch />
          <SignInState />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
