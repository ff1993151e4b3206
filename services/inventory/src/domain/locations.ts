import type { Location, LocationType } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { assertHeadOffice } from './access.ts';
import { decodeCursor, encodeCursor, LOCATION_PATTERN } from './cursor.ts';
import { storeIdMismatch } from './errors.ts';
import { newLocationId } from './ids.ts';
import type { InventoryStore, Page } from './ports.ts';

export interface LocationDraft {
  type: LocationType;
  name: string;
  storeId?: string;
}

export interface LocationListQuery {
  type?: LocationType;
  storeId?: string;
  limit: number;
  cursor?: string;
}

/**
 * Where stock is kept: the online warehouse (made by the first migration) and one location per
 * store. The stores service creates a store's location when it creates the store, and may ask
 * again safely: for a store that already has one, the same location comes back, renamed.
 */
export class Locations {
  constructor(
    private readonly store: InventoryStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(query: LocationListQuery): Promise<Page<Location>> {
    const after =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor, { id: LOCATION_PATTERN });
    const rows = await this.store.locations.list({
      ...(query.type ? { type: query.type } : {}),
      ...(query.storeId ? { storeId: query.storeId } : {}),
      ...(after ? { afterId: after.id } : {}),
      take: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id }) : null };
  }

  /** `created` is false when the store already had its location. */
  async save(actor: Principal, draft: LocationDraft): Promise<{ location: Location; created: boolean }> {
    assertHeadOffice(actor, 'create locations');
    if (draft.type === 'store' && draft.storeId === undefined) throw storeIdMismatch('a store needs one');
    if (draft.type === 'warehouse' && draft.storeId !== undefined)
      throw storeIdMismatch('a warehouse has none');
    const at = this.clock().toISOString();
    const location: Location = {
      id: newLocationId(),
      type: draft.type,
      name: draft.name,
      storeId: draft.storeId ?? null,
      createdAt: at,
      updatedAt: at,
    };
    return this.store.write(async (uow) => {
      if (location.storeId !== null) return uow.locations.upsertStore(location);
      await uow.locations.insert(location);
      return { location, created: true };
    });
  }
}
