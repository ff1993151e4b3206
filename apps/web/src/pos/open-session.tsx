import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseAmount } from '../lib/money.ts';
import { ErrorState } from '../ui/states.tsx';
import { type CashSession, openSession } from './pos-api.ts';
import type { RegisterChoice } from './register-choice.ts';

/** The register is closed: the cashier counts the float into the drawer and opens the session. */
export function OpenSession({
  choice,
  onOpened,
}: {
  choice: RegisterChoice;
  onOpened: (session: CashSession) => void;
}) {
  const { t } = useTranslation('pos');
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const amount = parseAmount(text);
    setInvalid(amount === undefined);
    if (amount === undefined) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onOpened(await openSession(choice.registerId, { amount, currency: choice.currency }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel narrow" aria-labelledby="open-title">
      <h1 id="open-title">{t('open.title')}</h1>
      <p>
        {choice.storeName} · {choice.registerName}
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <label>
          {t('open.float', { currency: choice.currency })}
          <input
            name="float"
            inputMode="decimal"
            autoComplete="off"
            // biome-ignore lint/a11y/noAutofocus: the one field of this step; the cashier types at once
            autoFocus
            aria-describedby="float-hint"
            aria-invalid={invalid}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <p id="float-hint" className="muted">
          {invalid ? t('open.invalid') : t('open.floatHint')}
        </p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('open.submitting') : t('open.submit')}
        </button>
      </form>
      {failure !== undefined && <ErrorState problem={failure} />}
    </section>
  );
}
