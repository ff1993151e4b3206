import {
  type Currency,
  QUEBEC_TAXES,
  type Store,
  StoreEventTypes,
  type StoreType,
  type TaxRate,
} from '@comptoir/contracts';
import { idCursor, type Principal, pageOf } from '@comptoir/platform';
import { assertHeadOffice, isHeadOffice } from './access.ts';
import { codeTaken, duplicateTax, invalidCursor, storeNotFound } from './errors.ts';
import { newStoreId, STORE_ID } from './ids.ts';
import type { Page, StoresStore, StoresUnitOfWork } from './ports.ts';

export interface StoreDraft {
  code: string;
  name: string;
  district?: string;
  type: StoreType;
  address?: string;
  currency?: Currency;
  taxes?: TaxRate[];
}

export type StoreChanges = Partial<Pick<Store, 'code' | 'name' | 'district' | 'type' | 'address' | 'taxes'>>;

export interface StoreListQuery {
  /** Only the caller's stores (all of them for head office). */
  mine: boolean;
  limit: number;
  cursor?: string;
}

/** A chain's stores have Quebec's taxes and Canadian dollars unless head office says otherwise. */
export const DEFAULT_CURRENCY = 'CAD';

const cursor = idCursor(invalidCursor, STORE_ID);

/** The chain's stores: public to read, head office's to create and edit. Each change is an event. */
export class Stores {
  constructor(
    private readonly store: StoresStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(actor: Principal | undefined, query: StoreListQuery): Promise<Page<Store>> {
    const afterId = cursor.decode(query.cursor);
    const ids = query.mine && actor && !isHeadOffice(actor) ? actor.storeIds : undefined;
    if (ids?.length === 0) return { items: [], nextCursor: null };
    const rows = await this.store.stores.list({
      take: query.limit + 1,
      ...(ids ? { ids } : {}),
      ...(afterId ? { afterId } : {}),
    });
    return pageOf(
      rows,
      query.limit,
      (s) => s,
      (s) => cursor.encode(s.id),
    );
  }

  async get(id: string): Promise<Store> {
    const store = await this.store.stores.find(id);
    if (!store) throw storeNotFound(id);
    return store;
  }

  async create(actor: Principal, draft: StoreDraft): Promise<Store> {
    assertHeadOffice(actor, 'create stores');
    const taxes = checkedTaxes(draft.taxes ?? [...QUEBEC_TAXES]);
    const at = this.clock().toISOString();
    const store: Store = {
      id: newStoreId(),
      code: draft.code,
      name: draft.name,
      district: draft.district ?? '',
      type: draft.type,
      address: draft.address ?? '',
      currency: draft.currency ?? DEFAULT_CURRENCY,
      taxes,
      createdAt: at,
      updatedAt: at,
    };
    return this.store.write(async (uow) => {
      if (!(await uow.stores.insert(store))) throw codeTaken(store.code);
      announce(uow, StoreEventTypes.storeCreated, store);
      return store;
    });
  }

  /** Only the fields given change; a change that changes nothing is no event. */
  async update(actor: Principal, id: string, changes: StoreChanges): Promise<Store> {
    assertHeadOffice(actor, 'edit stores');
    if (changes.taxes) checkedTaxes(changes.taxes);
    return this.store.write(async (uow) => {
      const current = await uow.stores.lock(id);
      if (!current) throw storeNotFound(id);
      const next: Store = { ...current, ...changes };
      if (JSON.stringify(next) === JSON.stringify(current)) return current;
      next.updatedAt = this.clock().toISOString();
      await uow.stores.update(next);
      announce(uow, StoreEventTypes.storeUpdated, next);
      return next;
    });
  }
}

function announce(uow: StoresUnitOfWork, type: string, store: Store): void {
  uow.record({ type, data: { store }, subject: store.id });
}

function checkedTaxes(taxes: TaxRate[]): TaxRate[] {
  const seen = new Set<string>();
  taxes.forEach((tax, index) => {
    if (seen.has(tax.code)) throw duplicateTax(tax.code, index);
    seen.add(tax.code);
  });
  return taxes;
}
