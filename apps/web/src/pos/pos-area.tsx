import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../lib/use-load.ts';
import { RequireRole } from '../ui/require-role.tsx';
import { Loaded } from '../ui/states.tsx';
import { ChooseRegister } from './choose-register.tsx';
import { OpenSession } from './open-session.tsx';
import { registerView } from './pos-api.ts';
import { type RegisterChoice, saveChoice, savedChoice } from './register-choice.ts';
import { Till } from './till.tsx';
import './pos.css';

/** A chosen register: closed (open a session) or open (sell). */
function RegisterScreen({ choice, onChange }: { choice: RegisterChoice; onChange: () => void }) {
  const { t } = useTranslation('pos');
  const view = useLoad(() => registerView(choice.registerId), [choice.registerId]);
  return (
    <>
      <Loaded load={view}>
        {(data) =>
          data.session && data.session.status === 'open' ? (
            <Till
              key={data.session.id}
              choice={choice}
              session={data.session}
              initialCart={data.cart ?? undefined}
              onFinished={view.reload}
            />
          ) : (
            <OpenSession choice={choice} onOpened={view.reload} />
          )
        }
      </Loaded>
      <p className="no-print change-register">
        <button type="button" className="link-button" onClick={onChange}>
          {t('choose.change')} ({choice.storeName} · {choice.registerName})
        </button>
      </p>
    </>
  );
}

/** `/pos`: the register, for cashiers, their managers and head office. */
export default function PosArea() {
  const [choice, setChoice] = useState<RegisterChoice | undefined>(savedChoice);
  const choose = (next: RegisterChoice | undefined) => {
    saveChoice(next);
    setChoice(next);
  };
  return (
    <RequireRole roles={['cashier', 'store_manager', 'admin']}>
      <div className="pos">
        {choice ? (
          <RegisterScreen key={choice.registerId} choice={choice} onChange={() => choose(undefined)} />
        ) : (
          <ChooseRegister onChosen={choose} />
        )}
      </div>
    </RequireRole>
  );
}
