import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../lib/use-load.ts';
import { Empty, Loaded } from '../ui/states.tsx';
import { myStores, type Register, registersOf, type Store } from './pos-api.ts';
import type { RegisterChoice } from './register-choice.ts';

function RegisterPicker({ store, onChosen }: { store: Store; onChosen: (choice: RegisterChoice) => void }) {
  const { t } = useTranslation('pos');
  const registers = useLoad(() => registersOf(store.id), [store.id]);
  const [registerId, setRegisterId] = useState('');

  return (
    <Loaded load={registers} isEmpty={(list) => list.length === 0} empty={t('choose.noRegister')}>
      {(list: Register[]) => {
        const submit = (event: FormEvent) => {
          event.preventDefault();
          const register = list.find((r) => r.id === (registerId || list[0]?.id));
          if (!register) return;
          onChosen({
            storeId: store.id,
            storeName: store.name,
            currency: store.currency,
            registerId: register.id,
            registerName: register.name,
          });
        };
        return (
          <form className="form" onSubmit={submit}>
            <label htmlFor="register-select">{t('choose.register')}</label>
            <select
              id="register-select"
              value={registerId || list[0]?.id}
              onChange={(event) => setRegisterId(event.target.value)}
            >
              {list.map((register) => (
                <option key={register.id} value={register.id}>
                  {register.name}
                  {register.openSessionId ? ` (${t('choose.openSession')})` : ''}
                </option>
              ))}
            </select>
            <button type="submit" className="primary">
              {t('choose.submit')}
            </button>
          </form>
        );
      }}
    </Loaded>
  );
}

/** First visit of this device: which store, which register. */
export function ChooseRegister({ onChosen }: { onChosen: (choice: RegisterChoice) => void }) {
  const { t } = useTranslation('pos');
  const stores = useLoad(myStores, []);
  const [storeId, setStoreId] = useState('');

  return (
    <section className="panel narrow" aria-labelledby="choose-title">
      <h1 id="choose-title">{t('choose.title')}</h1>
      <Loaded load={stores} isEmpty={(list) => list.length === 0} empty={t('choose.noStore')}>
        {(list: Store[]) => {
          const store = list.find((s) => s.id === storeId) ?? (list.length === 1 ? list[0] : undefined);
          return (
            <>
              <div className="form">
                <label htmlFor="store-select">{t('choose.store')}</label>
                <select
                  id="store-select"
                  value={store?.id ?? ''}
                  onChange={(event) => setStoreId(event.target.value)}
                >
                  {!store && <option value="">{t('choose.pickStore')}</option>}
                  {list.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} — {s.district}
                    </option>
                  ))}
                </select>
              </div>
              {store ? <RegisterPicker key={store.id} store={store} onChosen={onChosen} /> : <Empty />}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
