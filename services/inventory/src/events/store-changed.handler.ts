import { StoreEventTypes } from '@comptoir/contracts';
import type { EventEnvelope, Queryable } from '@comptoir/platform';
import { locationRepository } from '../data/locations.repository.ts';
import { newLocationId } from '../domain/ids.ts';

interface StoreFacts {
  id: string;
  name: string;
  updatedAt: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The store facts a location needs; a payload without them throws, to be retried then dead-lettered. */
function storeOf(type: string, data: unknown): StoreFacts {
  const store = isRecord(data) ? data.store : undefined;
  const { id, name, updatedAt } = isRecord(store) ? store : {};
  if (
    typeof id !== 'string' ||
    !/^sto_/.test(id) ||
    typeof name !== 'string' ||
    name.trim() === '' ||
    typeof updatedAt !== 'string' ||
    Number.isNaN(Date.parse(updatedAt))
  ) {
    throw new Error(`Malformed ${type} payload: needs store.id, store.name and store.updatedAt`);
  }
  return { id, name, updatedAt: new Date(updatedAt).toISOString() };
}

/**
 * `store.created` / `store.updated`: the store's location — made the first time, renamed after —
 * with the same upsert by store id as `POST /locations`, in the event's own (inbox) transaction.
 * The location carries the store's `updatedAt`, so an older fact of the store arriving after a
 * newer one (a redelivery) does not rename it back. `changed` hears that the layout of locations
 * may have changed, once the upsert is done.
 */
export function storeChangedHandler(changed: () => void) {
  return async (event: EventEnvelope, tx: Queryable): Promise<void> => {
    if (event.type !== StoreEventTypes.storeCreated && event.type !== StoreEventTypes.storeUpdated) return;
    const store = storeOf(event.type, event.data);
    const locations = locationRepository(tx);
    const [current] = await locations.list({ storeId: store.id, take: 1 });
    if (current && current.updatedAt > store.updatedAt) return;
    await locations.upsertStore({
      id: newLocationId(),
      type: 'store',
      name: store.name,
      storeId: store.id,
      createdAt: store.updatedAt,
      updatedAt: store.updatedAt,
    });
    changed();
  };
}
