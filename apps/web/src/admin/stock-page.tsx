/**
 * Stock per location: levels, receiving a delivery, adjusting, transferring to another location,
 * the low-stock list (reporting's stock alerts) and the offline oversells waiting for a count. A store manager sees only their stores'
 * locations; inventory checks the same on every write.
 */
import type { Ok } from '@comptoir/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import { hasRole, useWho } from '../lib/who.ts';
import { Empty, Loaded } from '../ui/states.tsx';
import { Reconciliations } from './reconciliations.tsx';
import { LowStock, StockLevels } from './stock-levels.tsx';
import { StockMoves } from './stock-moves.tsx';

export type Location = Ok<'inventory.listLocations'>['items'][number];

export function StockPage() {
  const { t } = useTranslation('admin');
  const person = useWho();
  const load = useLoad(
    () => call((api) => api.GET('/api/inventory/locations', { params: { query: { limit: 100 } } })),
    [],
  );
  return (
    <section className="panel" aria-labelledby="stock-title">
      <h1 id="stock-title">{t('stock.title')}</h1>
      <Loaded load={load}>
        {(page) => {
          const mine = hasRole(person, ['admin'])
            ? page.items
            : page.items.filter(
                (location) => location.storeId && person?.storeIds.includes(location.storeId),
              );
          return mine.length === 0 ? <Empty>{t('stock.noLocation')}</Empty> : <StockOf locations={mine} />;
        }}
      </Loaded>
    </section>
  );
}

function StockOf({ locations }: { locations: Location[] }) {
  const { t } = useTranslation('admin');
  const [locationId, setLocationId] = useState(locations[0]?.id ?? '');
  const [round, setRound] = useState(0);
  return (
    <>
      <div className="toolbar">
        <label>
          {t('stock.location')}
          <select value={locationId} onChange={(event) => setLocationId(event.target.value)}>
            {locations.map((location) => (
              <option key={location.id} value={location.id}>
                {location.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <StockMoves locationId={locationId} locations={locations} onMoved={() => setRound((n) => n + 1)} />
      <div className="columns">
        <StockLevels key={`${locationId}:${round}`} locationId={locationId} />
        <LowStock key={`low:${locationId}:${round}`} locationId={locationId} />
      </div>
      <Reconciliations
        key={`rec:${locationId}`}
        locationId={locationId}
        onResolved={() => setRound((n) => n + 1)}
      />
    </>
  );
}
