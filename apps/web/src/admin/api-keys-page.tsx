/** API keys for partner systems (identity): list, create (the secret shown once), revoke. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';
import { ActionOutcome, useAction } from './action.tsx';
import { fieldsOf } from './forms.ts';

export function ApiKeysPage() {
  const { t, i18n } = useTranslation('admin');
  const load = useLoad(
    () => call((api) => api.GET('/api/identity/api-keys', { params: { query: { limit: 100 } } })),
    [],
  );
  const action = useAction();
  const [secret, setSecret] = useState<string | undefined>();
  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : '—');
  return (
    <section className="panel" aria-labelledby="keys-title">
      <h1 id="keys-title">{t('keys.title')}</h1>
      <Loaded load={load} isEmpty={(page) => page.items.length === 0} empty={t('keys.empty')}>
        {(page) => (
          <table>
            <caption className="visually-hidden">{t('keys.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('keys.name')}</th>
                <th scope="col">{t('keys.prefix')}</th>
                <th scope="col">{t('keys.scopes')}</th>
                <th scope="col">{t('keys.lastUsed')}</th>
                <th scope="col">{t('keys.state')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}</code>
                  </td>
                  <td>{key.scopes.join(' ') || '—'}</td>
                  <td>{date(key.lastUsedAt)}</td>
                  <td>
                    {key.revokedAt ? (
                      t('keys.revokedOn', { date: date(key.revokedAt) })
                    ) : (
                      <button
                        type="button"
                        className="danger"
                        disabled={action.busy}
                        onClick={() =>
                          void action
                            .run(async () => {
                              await call((api) =>
                                api.DELETE('/api/identity/api-keys/{id}', {
                                  params: { path: { id: key.id } },
                                }),
                              );
                              return t('keys.revoked', { name: key.name });
                            })
                            .then((ok) => ok && load.reload())
                        }
                      >
                        {t('keys.revoke', { name: key.name })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
      <h2 id="new-key">{t('keys.create')}</h2>
      <form
        className="inline-form"
        aria-labelledby="new-key"
        onSubmit={(event) => {
          const form = event.currentTarget;
          const f = fieldsOf(event);
          const scopes = (f.scopes ?? '').split(/[\s,]+/).filter(Boolean);
          void action
            .run(async () => {
              const created = await call((api) =>
                api.POST('/api/identity/api-keys', { body: { name: f.name ?? '', scopes } }),
              );
              setSecret(created.key);
              return t('keys.created', { name: created.name });
            })
            .then((ok) => {
              if (!ok) return;
              form.reset();
              load.reload();
            });
        }}
      >
        <label>
          {t('keys.name')}
          <input name="name" required maxLength={100} />
        </label>
        <label>
          {t('keys.scopes')}
          <input name="scopes" placeholder="catalog:read" />
        </label>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('keys.createButton')}
        </button>
      </form>
      {secret && (
        <div className="notice" role="status">
          <p>{t('keys.secretOnce')}</p>
          <code data-testid="api-key-secret">{secret}</code>
        </div>
      )}
      <ActionOutcome state={action.state} />
    </section>
  );
}
