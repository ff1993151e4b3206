import { useTranslation } from 'react-i18next';
import { call } from '../lib/api.ts';
import { ActionOutcome, useAction } from './action.tsx';
import { fieldsOf, newIdempotencyKey } from './forms.ts';
import type { Location } from './stock-page.tsx';

type Kind = 'receive' | 'adjust' | 'transfer';

/**
 * Receive, adjust, transfer at one location. Each submission carries a fresh Idempotency-Key:
 * inventory takes a retried request once.
 */
export function StockMoves({
  locationId,
  locations,
  onMoved,
}: {
  locationId: string;
  locations: Location[];
  onMoved(): void;
}) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const others = locations.filter((location) => location.id !== locationId);

  const move = (kind: Kind, f: Record<string, string>) =>
    action.run(async () => {
      const sku = f.sku ?? '';
      const quantity = Number(f.quantity);
      const reason = f.reason ? { reason: f.reason } : {};
      const params = { header: { 'idempotency-key': newIdempotencyKey() } };
      if (kind === 'receive')
        await call((api) =>
          api.POST('/api/inventory/receipts', {
            params,
            body: { locationId, lines: [{ sku, quantity }], ...reason },
          }),
        );
      else if (kind === 'adjust')
        await call((api) =>
          api.POST('/api/inventory/movements', {
            params,
            body: { kind: 'adjust', sku, locationId, quantity, reason: f.reason ?? '' },
          }),
        );
      else
        await call((api) =>
          api.POST('/api/inventory/movements', {
            params,
            body: {
              kind: 'transfer',
              sku,
              fromLocationId: locationId,
              toLocationId: f.to ?? '',
              quantity,
              ...reason,
            },
          }),
        );
      onMoved();
      return t(`stock.done.${kind}`, { sku, quantity });
    });

  const form = (kind: Kind, extra: React.ReactNode, min?: number) => (
    <form
      className="inline-form"
      aria-labelledby={`${kind}-title`}
      onSubmit={(event) => {
        const target = event.currentTarget;
        void move(kind, fieldsOf(event)).then((ok) => ok && target.reset());
      }}
    >
      <fieldset>
        <legend id={`${kind}-title`}>{t(`stock.${kind}`)}</legend>
        <div className="inline-form">
          <label>
            SKU
            <input name="sku" required />
          </label>
          <label>
            {t('stock.quantity')}
            <input name="quantity" type="number" required step={1} {...(min === undefined ? {} : { min })} />
          </label>
          {extra}
          <button type="submit" disabled={action.busy}>
            {t(`stock.${kind}Button`)}
          </button>
        </div>
      </fieldset>
    </form>
  );

  return (
    <div>
      {form(
        'receive',
        <label>
          {t('stock.reason')}
          <input name="reason" />
        </label>,
        1,
      )}
      {form(
        'adjust',
        <label>
          {t('stock.reason')}
          <input name="reason" required />
        </label>,
      )}
      {others.length > 0 &&
        form(
          'transfer',
          <label>
            {t('stock.to')}
            <select name="to" required>
              {others.map((location) => (
                <option key={location.id} value={location.id}>
                  {location.name}
                </option>
              ))}
            </select>
          </label>,
          1,
        )}
      <ActionOutcome state={action.state} />
    </div>
  );
}
