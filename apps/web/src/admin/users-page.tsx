/** Users and roles (head office): find, create, change roles, stores and whether the account works. */
import type { Ok } from '@comptoir/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import type { Role } from '../lib/who.ts';
import { Loaded } from '../ui/states.tsx';
import { ActionOutcome, useAction } from './action.tsx';
import { checkedOf, fieldsOf } from './forms.ts';

type User = Ok<'identity.getUser'>;
type Store = Ok<'stores.getStore'>;
const ROLES: readonly Role[] = ['customer', 'seller', 'cashier', 'store_manager', 'admin'];

export function UsersPage() {
  const { t } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [editing, setEditing] = useState<string | undefined>();
  const users = useLoad(
    () =>
      call((api) =>
        api.GET('/api/identity/users', { params: { query: { limit: 50, ...(q ? { q } : {}) } } }),
      ),
    [q],
  );
  const stores = useLoad(
    () => call((api) => api.GET('/api/stores/stores', { params: { query: { mine: false, limit: 100 } } })),
    [],
  );
  const storeList = stores.status === 'ready' ? stores.data.items : [];
  return (
    <section className="panel" aria-labelledby="users-title">
      <h1 id="users-title">{t('users.title')}</h1>
      <form
        className="toolbar"
        onSubmit={(event) => {
          const { q: words = '' } = fieldsOf(event);
          setParams(words ? { q: words } : {});
        }}
      >
        <label>
          {t('users.search')}
          <input name="q" type="search" defaultValue={q} />
        </label>
        <button type="submit">{t('products.searchButton')}</button>
      </form>
      <Loaded load={users} isEmpty={(page) => page.items.length === 0} empty={t('users.empty')}>
        {(page) => (
          <table>
            <caption className="visually-hidden">{t('users.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.roles')}</th>
                <th scope="col">{t('users.stores')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('users.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((user) =>
                editing === user.id ? (
                  <tr key={user.id}>
                    <td colSpan={5}>
                      <UserForm
                        user={user}
                        stores={storeList}
                        onDone={() => {
                          setEditing(undefined);
                          users.reload();
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={user.id}>
                    <td>{user.email}</td>
                    <td>
                      {user.displayName}
                      {user.disabled && ` (${t('users.disabled')})`}
                    </td>
                    <td>{user.roles.map((role) => t(`roles.${role}`, { ns: 'common' })).join(', ')}</td>
                    <td>
                      {user.storeIds.map((id) => storeList.find((s) => s.id === id)?.name ?? id).join(', ')}
                    </td>
                    <td>
                      <button type="button" onClick={() => setEditing(user.id)}>
                        {t('users.editOf', { email: user.email })}
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
      </Loaded>
      <NewUser stores={storeList} onCreated={users.reload} />
    </section>
  );
}

function RoleAndStoreChecks({
  roles,
  storeIds,
  stores,
}: {
  roles: readonly string[];
  storeIds: readonly string[];
  stores: Store[];
}) {
  const { t } = useTranslation('admin');
  return (
    <>
      <fieldset>
        <legend>{t('users.roles')}</legend>
        <div className="checks">
          {ROLES.map((role) => (
            <label key={role}>
              <input type="checkbox" name="roles" value={role} defaultChecked={roles.includes(role)} />
              {t(`roles.${role}`, { ns: 'common' })}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('users.stores')}</legend>
        <div className="checks">
          {stores.map((store) => (
            <label key={store.id}>
              <input
                type="checkbox"
                name="storeIds"
                value={store.id}
                defaultChecked={storeIds.includes(store.id)}
              />
              {store.name}
            </label>
          ))}
        </div>
      </fieldset>
    </>
  );
}

function UserForm({ user, stores, onDone }: { user: User; stores: Store[]; onDone(): void }) {
  const { t } = useTranslation('admin');
  const save = useAction();
  return (
    <form
      className="inline-form"
      aria-label={t('users.editOf', { email: user.email })}
      onSubmit={(event) => {
        const form = event.currentTarget;
        const f = fieldsOf(event);
        void save
          .run(async () => {
            await call((api) =>
              api.PATCH('/api/identity/users/{id}', {
                params: { path: { id: user.id } },
                body: {
                  displayName: f.displayName ?? user.displayName,
                  roles: checkedOf(form, 'roles') as Role[],
                  storeIds: checkedOf(form, 'storeIds'),
                  disabled: f.disabled === 'on',
                },
              }),
            );
            return t('users.saved');
          })
          .then((ok) => ok && onDone());
      }}
    >
      <label>
        {t('users.name')}
        <input name="displayName" required maxLength={100} defaultValue={user.displayName} />
      </label>
      <RoleAndStoreChecks roles={user.roles} storeIds={user.storeIds} stores={stores} />
      <label className="check">
        <input type="checkbox" name="disabled" defaultChecked={user.disabled} />
        {t('users.disabled')}
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.busy}>
          {t('users.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('users.cancel')}
        </button>
      </div>
      <ActionOutcome state={save.state} />
    </form>
  );
}

function NewUser({ stores, onCreated }: { stores: Store[]; onCreated(): void }) {
  const { t } = useTranslation('admin');
  const create = useAction();
  return (
    <>
      <h2 id="new-user">{t('users.create')}</h2>
      <form
        className="inline-form"
        aria-labelledby="new-user"
        onSubmit={(event) => {
          const form = event.currentTarget;
          const f = fieldsOf(event);
          void create
            .run(async () => {
              const user = await call((api) =>
                api.POST('/api/identity/users', {
                  body: {
                    email: f.email ?? '',
                    displayName: f.displayName ?? '',
                    password: f.password ?? '',
                    roles: checkedOf(form, 'roles') as Role[],
                    storeIds: checkedOf(form, 'storeIds'),
                    emailVerified: true,
                  },
                }),
              );
              return t('users.created', { email: user.email });
            })
            .then((ok) => {
              if (!ok) return;
              form.reset();
              onCreated();
            });
        }}
      >
        <label>
          {t('users.email')}
          <input name="email" type="email" required autoComplete="off" />
        </label>
        <label>
          {t('users.name')}
          <input name="displayName" required maxLength={100} />
        </label>
        <label>
          {t('users.password')}
          <input name="password" type="password" required autoComplete="new-password" />
        </label>
        <RoleAndStoreChecks roles={[]} storeIds={[]} stores={stores} />
        <button type="submit" className="primary" disabled={create.busy}>
          {t('users.createButton')}
        </button>
      </form>
      <ActionOutcome state={create.state} />
    </>
  );
}
