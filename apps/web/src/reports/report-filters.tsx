import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Load } from '../lib/use-load.ts';
import { PRESETS } from './range.ts';
import type { StoreChoice } from './reports-api.ts';
import type { FilterChange, ReportFilter } from './use-report-filter.ts';

/**
 * The period (presets or two days), the store and the channel. The store list is the caller's
 * own: every store for head office, a manager's stores otherwise — the service refuses the rest.
 */
export function ReportFilters({
  filter,
  headOffice,
  stores,
  onChange,
}: {
  filter: ReportFilter;
  headOffice: boolean;
  stores: Load<StoreChoice[]>;
  onChange(patch: FilterChange): void;
}) {
  const { t } = useTranslation('reports');
  // Labels point at their controls rather than wrap them: a wrapped select's options would be
  // read as part of its name.
  const id = useId();
  const choices = stores.status === 'ready' ? stores.data : [];
  // A store in the address that is not the caller's stays selectable, so the refusal is explained.
  const unknownStore =
    filter.store && stores.status === 'ready' && !choices.some((s) => s.id === filter.store);

  return (
    <section className="panel report-filters" aria-label={t('filters.label')}>
      <fieldset className="report-period">
        <legend>{t('filters.period')}</legend>
        <div className="preset-buttons">
          {PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              aria-pressed={filter.preset === preset}
              onClick={() => onChange({ preset })}
            >
              {t(`filters.presets.${preset}`)}
            </button>
          ))}
        </div>
        {filter.preset === 'custom' && (
          <div className="custom-days">
            <label htmlFor={`${id}-from`}>{t('filters.from')}</label>
            <input
              id={`${id}-from`}
              type="date"
              value={filter.range.from}
              onChange={(event) => event.target.value && onChange({ from: event.target.value })}
            />
            <label htmlFor={`${id}-to`}>{t('filters.to')}</label>
            <input
              id={`${id}-to`}
              type="date"
              value={filter.range.to}
              onChange={(event) => event.target.value && onChange({ to: event.target.value })}
            />
          </div>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-store`}>{t('filters.store')}</label>
        <select
          id={`${id}-store`}
          value={filter.store ?? ''}
          onChange={(event) => onChange({ store: event.target.value })}
        >
          <option value="">{headOffice ? t('filters.allStores') : t('filters.allMyStores')}</option>
          {choices.map((store) => (
            <option key={store.id} value={store.id}>
              {store.name}
            </option>
          ))}
          {unknownStore && <option value={filter.store}>{filter.store}</option>}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-channel`}>{t('filters.channel')}</label>
        <select
          id={`${id}-channel`}
          value={filter.channel ?? ''}
          onChange={(event) => onChange({ channel: event.target.value })}
        >
          <option value="">{t('filters.allChannels')}</option>
          <option value="pos">{t('channels.pos')}</option>
          <option value="online">{t('channels.online')}</option>
        </select>
      </div>
      {stores.status === 'failed' && (
        <p className="muted" role="status">
          {t('filters.storesFailed')}
        </p>
      )}
    </section>
  );
}
