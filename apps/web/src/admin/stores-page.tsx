import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import { hasRole, useWho } from '../lib/who.ts';
import { Loaded } from '../ui/states.tsx';
import { ActionOutcome, useAction } from './action.tsx';
import { fieldsOf } from './forms.ts';

const TYPES = ['boutique', 'warehouse', 'kiosk'] as const;
type StoreType = (typeof TYPES)[number];

/** The stores the caller works at (every store for head office); head office creates new ones. */
export function StoresPage() {
  const { t } = useTranslation('admin');
  const headOffice = hasRole(useWho(), ['admin']);
  const load = useLoad(
    () => call((api) => api.GET('/api/stores/stores', { params: { query: { mine: true, limit: 100 } } })),
    [],
  );
  const create = useAction();
  return (
    <section className="panel" aria-labelledby="stores-title">
      <h1 id="stores-title">{t('stores.title')}</h1>
      <Loaded load={load} isEmpty={(page) => page.items.length === 0} empty={t('stores.empty')}>
        {(page) => (
          <table>
            <caption className="visually-hidden">{t('stores.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stores.code')}</th>
                <th scope="col">{t('stores.name')}</th>
                <th scope="col">{t('stores.district')}</th>
                <th scope="col">{t('stores.type')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((store) => (
                <tr key={store.id}>
                  <td>{store.code}</td>
                  <td>
                    <Link to={`/admin/stores/${store.id}`}>{store.name}</Link>
                  </td>
                  <td>{store.district}</td>
                  <td>{t(`stores.types.${store.type}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
      {headOffice && (
        <>
          <h2 id="new-store">{t('stores.create')}</h2>
          <form
            className="inline-form"
            aria-labelledby="new-store"
            onSubmit={(event) => {
              const form = event.currentTarget;
              const f = fieldsOf(event);
              void create
                .run(async () => {
                  const store = await call((api) =>
                    api.POST('/api/stores/stores', {
                      body: {
                        code: f.code ?? '',
                        name: f.name ?? '',
                        type: (f.type ?? 'boutique') as StoreType,
                        ...(f.district ? { district: f.district } : {}),
                        ...(f.address ? { address: f.address } : {}),
                      },
                    }),
                  );
                  return t('stores.created', { name: store.name });
                })
                .then((ok) => {
                  if (ok) {
                    form.reset();
                    load.reload();
                  }
                });
            }}
          >
            <label>
              {t('stores.code')}
              <input name="code" required placeholder="MTL-PLATEAU" />
            </label>
            <label>
              {t('stores.name')}
              <input name="name" required maxLength={120} />
            </label>
            <label>
              {t('stores.district')}
              <input name="district" maxLength={120} />
            </label>
            <label>
              {t('stores.address')}
              <input name="address" maxLength={300} />
            </label>
            <label>
              {t('stores.type')}
              <select name="type" defaultValue="boutique">
                {TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`stores.types.${type}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="primary" disabled={create.busy}>
              {t('stores.createButton')}
            </button>
          </form>
          <ActionOutcome state={create.state} />
        </>
      )}
    </section>
  );
}
