import type { Ok } from '@comptoir/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';
import { fieldsOf } from './forms.ts';

/** The levels at one location, optionally for one SKU. */
export function StockLevels({ locationId }: { locationId: string }) {
  const { t } = useTranslation('admin');
  const [sku, setSku] = useState('');
  const load = useLoad(
    () =>
      call((api) =>
        api.GET('/api/inventory/stock', {
          params: { query: { location: locationId, limit: 100, ...(sku ? { sku } : {}) } },
        }),
      ),
    [locationId, sku],
  );
  return (
    <div>
      <h2 id="levels-title">{t('stock.levels')}</h2>
      <form className="toolbar" onSubmit={(event) => setSku(fieldsOf(event).sku ?? '')}>
        <label>
          {t('stock.skuFilter')}
          <input name="sku" defaultValue={sku} />
        </label>
        <button type="submit">{t('products.searchButton')}</button>
      </form>
      <Loaded load={load} isEmpty={(page) => page.items.length === 0} empty={t('stock.empty')}>
        {(page) => (
          <table aria-labelledby="levels-title">
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col" className="number">
                  {t('stock.onHand')}
                </th>
                <th scope="col" className="number">
                  {t('stock.reserved')}
                </th>
                <th scope="col" className="number">
                  {t('stock.available')}
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((level) => (
                <tr key={level.sku}>
                  <td>{level.sku}</td>
                  <td className="number" data-testid={`on-hand-${level.sku}`}>
                    {level.onHand}
                  </td>
                  <td className="number">{level.reserved}</td>
                  <td className="number">{level.available}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </div>
  );
}

type StockAlerts = Ok<'reporting.stockAlertsReport'>;

/** SKUs under their alert threshold at one location, as reporting has heard from inventory. */
export function LowStock({ locationId }: { locationId: string }) {
  const { t } = useTranslation('admin');
  const load = useLoad(
    // The report is JSON or CSV (`format`); without `format` it is JSON.
    async () =>
      (await call((api) =>
        api.GET('/api/reporting/stock-alerts', { params: { query: { location: locationId } } }),
      )) as StockAlerts,
    [locationId],
  );
  return (
    <div>
      <h2 id="low-title">{t('stock.low')}</h2>
      <Loaded load={load} isEmpty={(report) => report.items.length === 0} empty={t('stock.lowEmpty')}>
        {(report) => (
          <table aria-labelledby="low-title">
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col" className="number">
                  {t('stock.available')}
                </th>
                <th scope="col" className="number">
                  {t('stock.threshold')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.items.map((alert) => (
                <tr key={alert.sku}>
                  <td>{alert.sku}</td>
                  <td className="number">{alert.available}</td>
                  <td className="number">{alert.threshold}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </div>
  );
}
