import {
  InventoryEventTypes,
  type Reconciliation,
  type StockReconciliationResolved,
} from '@comptoir/contracts';
import { hasRole, type Principal } from '@comptoir/platform';
import { assertMayManage, assertMaySell, isHeadOffice } from './access.ts';
import { requireLocation } from './checks.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { locationRequired, reconciliationNotFound, reconciliationResolved } from './errors.ts';
import { StockLedger } from './ledger.ts';
import type { LedgerSettings } from './movements.ts';
import type { InventoryStore, Page } from './ports.ts';

export interface ReconciliationListQuery {
  status?: 'open' | 'resolved';
  locationId?: string;
  limit: number;
  cursor?: string;
}

const ID_PATTERN = /^rec_[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The records offline sales opened when they took a store's stock below zero. The store's staff
 * (and head office) see them; the store's managers (and head office) resolve one with a count: the
 * level is set to what is on the shelf through a `count` movement, the record closed, and
 * `stock.reconciliation.resolved` published — all in one transaction.
 */
export class Reconciliations {
  constructor(
    private readonly store: InventoryStore,
    private readonly settings: LedgerSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(actor: Principal, query: ReconciliationListQuery): Promise<Page<Reconciliation>> {
    let locationIds: string[] | undefined;
    if (query.locationId) {
      const location = await requireLocation(
        this.store.locations,
        query.locationId,
        '/querystring/locationId',
      );
      assertMaySell(actor, location);
      locationIds = [location.id];
    } else if (!isHeadOffice(actor)) {
      throw locationRequired();
    }
    const after = query.cursor ? decodeCursor(query.cursor, { id: ID_PATTERN }).id : undefined;
    const rows = await this.store.reconciliations.list({
      ...(query.status ? { status: query.status } : {}),
      ...(locationIds ? { locationIds } : {}),
      ...(after ? { afterId: after } : {}),
      take: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id }) : null };
  }

  async resolve(
    actor: Principal,
    id: string,
    input: { counted: number; reason?: string },
  ): Promise<Reconciliation> {
    const found = await this.store.reconciliations.find(id);
    if (!found) throw reconciliationNotFound(id);
    const location = await this.store.locations.find(found.locationId);
    if (!location) throw reconciliationNotFound(id);
    // Someone who may not even see it hears that it does not exist; a cashier who may, a 403.
    const { storeId } = location;
    const staff =
      isHeadOffice(actor) ||
      (storeId !== null && hasRole(actor, 'cashier', 'store_manager') && actor.storeIds.includes(storeId));
    if (!staff) throw reconciliationNotFound(id);
    assertMayManage(actor, location);

    return this.store.write(async (uow) => {
      const current = await uow.reconciliations.lock(id);
      if (!current) throw reconciliationNotFound(id);
      if (current.status !== 'open') throw reconciliationResolved(id);
      await uow.skus.use([current.sku]);
      const now = this.clock();
      const ledger = new StockLedger(uow, {
        defaultThreshold: this.settings.defaultThreshold,
        actor: actor.subject,
        now,
      });
      const reason = input.reason ?? `Reconciliation ${id}: counted after offline sales`;
      const { movement } = await ledger.count(current.sku, current.locationId, input.counted, reason);
      await uow.stock.clearOversold(current.sku, current.locationId);
      const reconciliation = await uow.reconciliations.resolve({
        id,
        counted: input.counted,
        movementId: movement.id,
        by: actor.subject,
        at: now.toISOString(),
      });
      const data: StockReconciliationResolved = { reconciliation };
      uow.record({ type: InventoryEventTypes.stockReconciliationResolved, data, subject: current.sku });
      return reconciliation;
    });
  }
}
