import { useTranslation } from 'react-i18next';
import { dateTime } from './format.ts';
import type { StatusChange } from './order-tracking.ts';

const STEPS = ['pending', 'confirmed', 'shipped', 'delivered'] as const;

/**
 * pending → confirmed → shipped (with its tracking number) → delivered, each step with when it
 * was reached; a cancelled order shows where it stopped and why.
 */
export function OrderTimeline({ history }: { history: readonly StatusChange[] }) {
  const { t, i18n } = useTranslation('shop');
  const reached = (step: string) =>
    history.find(
      (change) => change.status === step || (step === 'shipped' && change.status === 'partially_shipped'),
    );
  const cancelled = history.find((change) => change.status === 'cancelled');
  const steps = cancelled ? STEPS.filter((step) => reached(step)) : STEPS;
  const current = history.at(-1)?.status;
  return (
    <ol className="timeline">
      {steps.map((step) => {
        const change = reached(step);
        const isCurrent =
          !cancelled && (current === step || (step === 'shipped' && current === 'partially_shipped'));
        return (
          <li key={step} className={change ? 'done' : 'todo'} aria-current={isCurrent ? 'step' : undefined}>
            <span className="step">{t(`status.${change?.status ?? step}`)}</span>
            {change ? (
              <span className="muted"> — {dateTime(change.at, i18n.language)}</span>
            ) : (
              <span className="visually-hidden"> — {t('order.notYet')}</span>
            )}
            {step === 'shipped' && change?.trackingNumber && (
              <span className="tracking">
                {' '}
                {t('order.trackingNumber', { number: change.trackingNumber })}
              </span>
            )}
          </li>
        );
      })}
      {cancelled && (
        <li className="cancelled" aria-current="step">
          <span className="step">{t('status.cancelled')}</span>
          <span className="muted"> — {dateTime(cancelled.at, i18n.language)}</span>
          {cancelled.reason && (
            <span> {t(`cancelReason.${cancelled.reason}`, { defaultValue: cancelled.reason })}</span>
          )}
        </li>
      )}
    </ol>
  );
}
