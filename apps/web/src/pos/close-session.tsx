import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseAmount } from '../lib/money.ts';
import { ErrorState } from '../ui/states.tsx';
import { type CashSession, closeSession } from './pos-api.ts';

/** End of shift: the cashier counts the drawer and closes; the Z report follows. */
export function CloseSession({
  session,
  basketHasLines,
  onClosed,
  onCancel,
}: {
  session: CashSession;
  basketHasLines: boolean;
  onClosed: (session: CashSession) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('pos');
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const currency = session.openingFloat.currency;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const amount = parseAmount(text);
    setInvalid(amount === undefined);
    if (amount === undefined) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onClosed(await closeSession(session.id, { amount, currency }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel narrow" aria-labelledby="close-title">
      <h2 id="close-title">{t('close.title')}</h2>
      {basketHasLines && <p className="state state-error">{t('close.basketNotEmpty')}</p>}
      <form className="form" onSubmit={submit} noValidate>
        <label>
          {t('close.counted', { currency })}
          <input
            name="counted"
            inputMode="decimal"
            autoComplete="off"
            // biome-ignore lint/a11y/noAutofocus: the count is the only thing to type
            autoFocus
            aria-describedby="counted-hint"
            aria-invalid={invalid}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <p id="counted-hint" className="muted">
          {invalid ? t('close.invalid') : t('close.countedHint')}
        </p>
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('close.submitting') : t('close.submit')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('pay.cancel')}
          </button>
        </div>
      </form>
      {failure !== undefined && <ErrorState problem={failure} />}
    </section>
  );
}
