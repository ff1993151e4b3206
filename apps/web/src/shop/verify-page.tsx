import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';

/**
 * `/verify?token=…`: where the link in identity's verification email lands. The token is sent
 * once on arrival; then the customer signs in. A used or expired token shows identity's problem.
 */
/** A token is single use: a screen mounted twice (React's strict mode) shares the one request. */
const verifying = new Map<string, ReturnType<typeof verify>>();
const verify = (token: string) => call((api) => api.POST('/api/identity/verifications', { body: { token } }));

function verifyOnce(token: string) {
  let answer = verifying.get(token);
  if (!answer) {
    answer = verify(token);
    verifying.set(token, answer);
  }
  return answer;
}

export function VerifyPage() {
  const { t } = useTranslation('shop');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verified = useLoad(() => (token ? verifyOnce(token) : Promise.resolve(undefined)), [token]);
  return (
    <section className="panel narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('verify.title')}</h1>
      <Loaded load={verified} isEmpty={(user) => user === undefined} empty={t('verify.noToken')}>
        {(user) =>
          user && (
            <div role="status">
              <p className="ok">{t('verify.done', { email: user.email })}</p>
              <p>
                <Link className="button primary" to="/sign-in?next=%2Fcart">
                  {t('verify.signIn')}
                </Link>
              </p>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
