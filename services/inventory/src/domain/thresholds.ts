import type { Principal } from '@comptoir/platform';
import { assertMayManage } from './access.ts';
import { requireLocation, requireSkus } from './checks.ts';
import { StockLedger } from './ledger.ts';
import type { LedgerSettings } from './movements.ts';
import type { InventoryStore } from './ports.ts';

export interface ThresholdRequest {
  sku: string;
  locationId: string;
  /** Its own threshold; null goes back to the configured default. */
  threshold: number | null;
}

export interface Threshold {
  sku: string;
  locationId: string;
  /** The threshold in force. */
  threshold: number;
  source: 'default' | 'custom';
}

/**
 * Low-stock thresholds per sku and location. A new threshold applies at once: a level already
 * under it alerts now (if it was armed), one at or above it is armed.
 */
export class Thresholds {
  constructor(
    private readonly store: InventoryStore,
    private readonly settings: LedgerSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async set(actor: Principal, request: ThresholdRequest): Promise<Threshold> {
    const { sku, locationId, threshold } = request;
    const location = await requireLocation(this.store.locations, locationId, '/body/locationId');
    assertMayManage(actor, location);
    const inForce = await this.store.write(async (uow) => {
      await requireSkus(uow, [{ sku, pointer: '/body/sku' }], false);
      const ledger = new StockLedger(uow, { ...this.settings, actor: actor.subject, now: this.clock() });
      return ledger.setThreshold(sku, locationId, threshold);
    });
    return { sku, locationId, threshold: inForce, source: threshold === null ? 'default' : 'custom' };
  }
}
