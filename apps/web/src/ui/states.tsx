/**
 * The states every screen shows instead of a blank page or raw JSON: loading, empty, a problem
 * the API explained, and the backend out of reach (with a retry). `<Loaded>` picks among them.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, Unreachable as UnreachableError } from '../lib/problems.ts';
import type { Load } from '../lib/use-load.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('state.loading')}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="state state-empty" role="status">
      {children ?? t('state.empty')}
    </div>
  );
}

export function Unreachable({ onRetry }: { onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state state-unreachable" role="alert">
      <h2>{t('state.unreachableTitle')}</h2>
      <p>{t('state.unreachable')}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

/** A failure in words: the problem's title and detail, its field errors, never its JSON. */
export function ErrorState({ problem, onRetry }: { problem: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (problem instanceof UnreachableError) return <Unreachable {...(onRetry ? { onRetry } : {})} />;
  const known = problem instanceof ApiProblem ? problem : undefined;
  // A known code reads in the screen's language; the API's own words follow as the detail.
  const said = known?.code ? t(`problems.${known.code}`, { defaultValue: '' }) : '';
  const message = known?.detail ?? (problem instanceof Error ? problem.message : undefined);
  return (
    <div className="state state-error" role="alert">
      <h2>{said || known?.title || t('state.errorTitle')}</h2>
      {message && message !== known?.title && <p>{message}</p>}
      {known && known.errors.length > 0 && (
        <>
          <p>{t('state.fieldErrors')}</p>
          <ul>
            {known.errors.map((field) => (
              <li key={`${field.pointer}:${field.detail}`}>
                <code>{field.pointer}</code> — {field.detail}
              </li>
            ))}
          </ul>
        </>
      )}
      {known?.code && <p className="muted">{t('state.code', { code: known.code })}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

/**
 * Renders a `useLoad` value: loading, the failure (with retry), empty when `isEmpty` says so,
 * or the children with the data.
 */
export function Loaded<T>({
  load,
  isEmpty,
  empty,
  children,
}: {
  load: Load<T> & { reload(): void };
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (load.status === 'loading') return <Loading />;
  if (load.status === 'failed') return <ErrorState problem={load.error} onRetry={load.reload} />;
  if (isEmpty?.(load.data)) return <Empty>{empty}</Empty>;
  return <>{children(load.data)}</>;
}
