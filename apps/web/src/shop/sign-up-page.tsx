import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../lib/api.ts';
import { ErrorState } from '../ui/states.tsx';

/** `/sign-up`: a customer account, to be verified by the link identity emails. */
export function SignUpPage() {
  const { t } = useTranslation('shop');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [sentTo, setSentTo] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const user = await call((api) =>
        api.POST('/api/identity/users', { body: { email, password, displayName: displayName.trim() } }),
      );
      setSentTo(user.email);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  if (sentTo)
    return (
      <section className="panel narrow" aria-labelledby="sign-up-title">
        <h1 id="sign-up-title">{t('signUp.checkEmailTitle')}</h1>
        <p role="status">{t('signUp.checkEmail', { email: sentTo })}</p>
      </section>
    );
  return (
    <section className="panel narrow" aria-labelledby="sign-up-title">
      <h1 id="sign-up-title">{t('signUp.title')}</h1>
      <form className="form" onSubmit={submit}>
        <label>
          {t('signUp.displayName')}
          <input
            name="displayName"
            autoComplete="name"
            required
            maxLength={100}
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
          />
        </label>
        <label>
          {t('signUp.email')}
          <input
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label>
          {t('signUp.password')}
          <input
            type="password"
            name="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signUp.submitting') : t('signUp.submit')}
        </button>
      </form>
      {failure !== undefined && <ErrorState problem={failure} />}
      <p>
        {t('signUp.haveAccount')} <Link to="/sign-in?next=%2Fcart">{t('signUp.signIn')}</Link>
      </p>
    </section>
  );
}
