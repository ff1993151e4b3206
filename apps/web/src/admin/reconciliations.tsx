/**
 * Offline sales that sold more than the shelf held, waiting for a count. Each open record is one
 * sku at one location (however many offline sales joined it); the manager counts the shelf and the
 * count becomes the level, closing the record. Inventory refuses a cashier and another store.
 */
import type { Ok } from '@comptoir/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';
import { ActionOutcome, useAction } from './action.tsx';

type Reconciliation = Ok<'inventory.listReconciliations'>['items'][number];

export function Reconciliations({ locationId, onResolved }: { locationId: string; onResolved: () => void }) {
  const { t } = useTranslation('admin');
  const [round, setRound] = useState(0);
  // Said above the table: the resolved row leaves it as the list reloads.
  const [notice, setNotice] = useState('');
  const load = useLoad(
    () =>
      call((api) =>
        api.GET('/api/inventory/reconciliations', {
          params: { query: { status: 'open', locationId, limit: 100 } },
        }),
      ),
    [locationId, round],
  );
  return (
    <section aria-labelledby="reconciliations-title">
      <h2 id="reconciliations-title">{t('reconciliations.title')}</h2>
      <p className="hint">{t('reconciliations.hint')}</p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <Loaded load={load} isEmpty={(page) => page.items.length === 0} empty={t('reconciliations.empty')}>
        {(page) => (
          <table aria-labelledby="reconciliations-title">
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col" className="number">
                  {t('reconciliations.short')}
                </th>
                <th scope="col">{t('reconciliations.sales')}</th>
                <th scope="col">{t('reconciliations.openedAt')}</th>
                <th scope="col">{t('reconciliations.count')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((record) => (
                <ReconciliationRow
                  key={record.id}
                  record={record}
                  onResolved={(message) => {
                    setNotice(message);
                    setRound((n) => n + 1);
                    onResolved();
                  }}
                />
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}

function ReconciliationRow({
  record,
  onResolved,
}: {
  record: Reconciliation;
  onResolved: (message: string) => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const [counted, setCounted] = useState('');
  const { state, run, busy } = useAction();
  const quantity = Number(counted);
  const valid = counted.trim() !== '' && Number.isInteger(quantity) && quantity >= 0;
  const resolve = () =>
    run(async () => {
      await call((api) =>
        api.POST('/api/inventory/reconciliations/{id}/resolve', {
          params: { path: { id: record.id } },
          body: { counted: quantity, reason: t('reconciliations.reason') },
        }),
      );
      onResolved(t('reconciliations.resolved', { sku: record.sku, counted: quantity }));
      // Said once, above the table: this row leaves as the list reloads, and two live regions
      // announcing the same words would be read twice.
      return '';
    });
  return (
    <tr>
      <td>{record.sku}</td>
      <td className="number">{record.quantityShort}</td>
      <td>{record.saleIds.join(', ')}</td>
      <td>{new Date(record.openedAt).toLocaleString(i18n.language)}</td>
      <td>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (valid) void resolve();
          }}
        >
          <label>
            {t('reconciliations.countedLabel', { sku: record.sku })}
            <input
              inputMode="numeric"
              value={counted}
              onChange={(event) => setCounted(event.target.value)}
              aria-invalid={counted !== '' && !valid}
            />
          </label>
          <button type="submit" disabled={!valid || busy}>
            {t('reconciliations.resolve')}
          </button>
        </form>
        <ActionOutcome state={state} />
      </td>
    </tr>
  );
}
