import type { Ok } from '@comptoir/sdk';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import { hasRole, useWho } from '../lib/who.ts';
import { Loaded } from '../ui/states.tsx';
import { ActionOutcome, useAction } from './action.tsx';
import { fieldsOf } from './forms.ts';

type Store = Ok<'stores.getStore'>;

/** One store: its details (head office edits them) and its registers (head office adds one). */
export function StorePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('admin');
  const load = useLoad(
    () => call((api) => api.GET('/api/stores/stores/{id}', { params: { path: { id } } })),
    [id],
  );
  return (
    <section className="panel" aria-labelledby="store-title">
      <p>
        <Link to="/admin/stores">{t('stores.back')}</Link>
      </p>
      <Loaded load={load}>
        {(store) => (
          <>
            <h1 id="store-title">{store.name}</h1>
            <div className="columns">
              <StoreDetails store={store} onSaved={load.reload} />
              <Registers storeId={store.id} />
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}

function StoreDetails({ store, onSaved }: { store: Store; onSaved(): void }) {
  const { t } = useTranslation('admin');
  const headOffice = hasRole(useWho(), ['admin']);
  const save = useAction();
  return (
    <div>
      <h2 id="store-details">{t('stores.details')}</h2>
      <form
        className="form"
        aria-labelledby="store-details"
        onSubmit={(event) => {
          const f = fieldsOf(event);
          void save
            .run(async () => {
              await call((api) =>
                api.PATCH('/api/stores/stores/{id}', {
                  params: { path: { id: store.id } },
                  body: { name: f.name ?? '', district: f.district ?? '', address: f.address ?? '' },
                }),
              );
              return t('stores.saved');
            })
            .then((ok) => ok && onSaved());
        }}
      >
        <p className="muted">
          {t('stores.code')} : {store.code} · {t(`stores.types.${store.type}`)} · {store.currency}
        </p>
        <label>
          {t('stores.name')}
          <input name="name" required maxLength={120} defaultValue={store.name} disabled={!headOffice} />
        </label>
        <label>
          {t('stores.district')}
          <input name="district" maxLength={120} defaultValue={store.district} disabled={!headOffice} />
        </label>
        <label>
          {t('stores.address')}
          <input name="address" maxLength={300} defaultValue={store.address} disabled={!headOffice} />
        </label>
        {headOffice && (
          <button type="submit" className="primary" disabled={save.busy}>
            {t('stores.save')}
          </button>
        )}
      </form>
      <ActionOutcome state={save.state} />
    </div>
  );
}

function Registers({ storeId }: { storeId: string }) {
  const { t } = useTranslation('admin');
  const headOffice = hasRole(useWho(), ['admin']);
  const load = useLoad(
    () =>
      call((api) =>
        api.GET('/api/stores/stores/{id}/registers', {
          params: { path: { id: storeId }, query: { limit: 100 } },
        }),
      ),
    [storeId],
  );
  const add = useAction();
  return (
    <div>
      <h2 id="registers-title">{t('registers.title')}</h2>
      <Loaded load={load} isEmpty={(page) => page.items.length === 0} empty={t('registers.empty')}>
        {(page) => (
          <table aria-labelledby="registers-title">
            <thead>
              <tr>
                <th scope="col">{t('registers.name')}</th>
                <th scope="col">{t('registers.session')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((register) => (
                <tr key={register.id}>
                  <td>{register.name}</td>
                  <td>{register.openSessionId ? t('registers.open') : t('registers.closed')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
      {headOffice && (
        <form
          className="inline-form"
          aria-label={t('registers.add')}
          onSubmit={(event) => {
            const form = event.currentTarget;
            const { name = '' } = fieldsOf(event);
            void add
              .run(async () => {
                const register = await call((api) =>
                  api.POST('/api/stores/stores/{id}/registers', {
                    params: { path: { id: storeId } },
                    body: { name },
                  }),
                );
                return t('registers.added', { name: register.name });
              })
              .then((ok) => {
                if (!ok) return;
                form.reset();
                load.reload();
              });
          }}
        >
          <label>
            {t('registers.newName')}
            <input name="name" required maxLength={60} />
          </label>
          <button type="submit" disabled={add.busy}>
            {t('registers.add')}
          </button>
        </form>
      )}
      <ActionOutcome state={add.state} />
    </div>
  );
}
