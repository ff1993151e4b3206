import { InventoryEventTypes, type StockReconciliationOpened } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { assertMaySell } from './access.ts';
import { assertDistinctSkus, requireLocation, requireSkus } from './checks.ts';
import type { CounterMovements, CounterRequest } from './counter-sales.ts';
import { idempotencyKeyRequired } from './errors.ts';
import { type Answer, fingerprint, once } from './idempotency.ts';
import { newReconciliationId } from './ids.ts';
import { inLockOrder, StockLedger } from './ledger.ts';
import type { LedgerSettings } from './movements.ts';
import type { InventoryStore } from './ports.ts';

/**
 * A sale a register made while offline, synced later: a fact. Its stock leaves whatever the books
 * say — an `offline_sale` movement per line, the only path that may take a level below zero — and
 * a deleted product's sku still goes. When a line leaves a store's available stock below zero, the
 * sku's reconciliation at that location is opened (or joined, if one is open): the manager counts
 * the shelf and resolves it. Once per key, and the key is the sale's alone (not the caller's): the
 * same sale synced by another cashier's token is still taken once.
 */
export class OfflineSales {
  constructor(
    private readonly store: InventoryStore,
    private readonly settings: LedgerSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async record(
    actor: Principal,
    key: string | undefined,
    request: CounterRequest,
  ): Promise<Answer<CounterMovements>> {
    if (!key) throw idempotencyKeyRequired();
    assertDistinctSkus(request.lines, (i) => `/body/lines/${i}/sku`);
    const location = await requireLocation(this.store.locations, request.locationId, '/body/locationId');
    assertMaySell(actor, location);

    const scoped = { scope: 'offline-sale-movements', subject: '*', key };
    return this.store.write((uow) =>
      once(uow, scoped, fingerprint(request), 201, async () => {
        const named = request.lines.map((line, i) => ({ sku: line.sku, pointer: `/body/lines/${i}/sku` }));
        await requireSkus(uow, named, false);
        const now = this.clock();
        const ledger = new StockLedger(uow, {
          defaultThreshold: this.settings.defaultThreshold,
          actor: actor.subject,
          now,
        });
        const bySku = new Map<string, CounterMovements['movements'][number]>();
        const lines = request.lines.map((line) => ({ ...line, locationId: request.locationId }));
        for (const line of inLockOrder(lines)) {
          const { movement, level } = await ledger.moveUnchecked({
            sku: line.sku,
            locationId: line.locationId,
            kind: 'offline_sale',
            quantity: -line.quantity,
            reference: request.saleId,
          });
          bySku.set(line.sku, movement);
          if (level.available < 0) {
            const reconciliation = await uow.reconciliations.openOrJoin({
              id: newReconciliationId(),
              sku: line.sku,
              locationId: line.locationId,
              saleId: request.saleId,
              quantityShort: -level.available,
              at: now.toISOString(),
            });
            const data: StockReconciliationOpened = { reconciliation };
            uow.record({ type: InventoryEventTypes.stockReconciliationOpened, data, subject: line.sku });
          }
        }
        const movements = request.lines.flatMap((line) => bySku.get(line.sku) ?? []);
        return { saleId: request.saleId, locationId: request.locationId, movements };
      }),
    );
  }
}
