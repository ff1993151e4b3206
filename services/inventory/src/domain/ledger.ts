import {
  InventoryEventTypes,
  type Movement,
  type MovementKind,
  type StockAdjusted,
  type StockLevel,
  type StockLow,
} from '@comptoir/contracts';
import { countBelowReserved, insufficientStock } from './errors.ts';
import { newMovementId } from './ids.ts';
import type { InventoryUnitOfWork, LevelDelta, LevelRecord } from './ports.ts';

export interface MovementDraft {
  sku: string;
  locationId: string;
  kind: MovementKind;
  /** Signed change of on-hand stock. */
  quantity: number;
  reason?: string | null;
  reference?: string | null;
}

export interface LedgerOptions {
  /** Threshold of levels that have none of their own. */
  defaultThreshold: number;
  /** Who is recording: the token's subject, or null for the service itself (the sweeper). */
  actor: string | null;
  now: Date;
}

export const levelOf = (record: LevelRecord): StockLevel => ({
  sku: record.sku,
  locationId: record.locationId,
  onHand: record.onHand,
  reserved: record.reserved,
  available: record.onHand - record.reserved,
});

/**
 * Lock order for stock levels: by sku, then location. Every transaction that changes several
 * levels changes them in this order, so two of them never wait on each other in a circle.
 */
export function inLockOrder<T extends { sku: string; locationId: string }>(items: readonly T[]): T[] {
  const bytewise = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...items].sort((a, b) => bytewise(a.sku, b.sku) || bytewise(a.locationId, b.locationId));
}

/**
 * Once per crossing: a level alerts when available stock drops below its threshold while armed,
 * and is armed again once it is back at or above the threshold.
 */
export function lowStockAlert(armed: boolean, available: number, threshold: number) {
  if (available >= threshold) return { armed: true, alert: false };
  return { armed: false, alert: armed };
}

/**
 * Every change of stock goes through here, inside one transaction: the level changes (never
 * overdrawn), each change of on-hand is a movement row, and the events follow — `stock.adjusted`
 * for each movement, `stock.low` when a level crosses its threshold.
 */
export class StockLedger {
  constructor(
    private readonly uow: InventoryUnitOfWork,
    private readonly options: LedgerOptions,
  ) {}

  /** Records a movement and moves the level by its quantity; refuses to overdraw. */
  async move(draft: MovementDraft): Promise<{ movement: Movement; level: StockLevel }> {
    const level = await this.#change(draft, { onHand: draft.quantity, reserved: 0 }, -draft.quantity);
    return { movement: await this.#recordMovement(draft, level), level };
  }

  /**
   * The offline sale's movement: recorded whatever it leaves, below zero included — the goods are
   * gone, the books follow. No other path may call this.
   */
  async moveUnchecked(draft: MovementDraft): Promise<{ movement: Movement; level: StockLevel }> {
    const record = await this.uow.stock.forceChange(draft.sku, draft.locationId, draft.quantity);
    await this.#watchThreshold(record);
    const level = levelOf(record);
    return { movement: await this.#recordMovement(draft, level), level };
  }

  /** Sets on-hand to what was counted; the movement is the difference (zero when the shelf matched). */
  async count(sku: string, locationId: string, counted: number, reason: string) {
    const current = await this.uow.stock.lock(sku, locationId);
    if (counted < current.reserved) throw countBelowReserved(sku, locationId, current.reserved);
    return this.move({ sku, locationId, kind: 'count', quantity: counted - current.onHand, reason });
  }

  /** Holds stock for a reservation (a negative quantity lets go): no movement, nothing left the shelf. */
  async hold(sku: string, locationId: string, quantity: number): Promise<StockLevel> {
    return this.#change({ sku, locationId }, { onHand: 0, reserved: quantity }, quantity);
  }

  /** Held stock leaves as a `reservation_commit` movement; available stock is unchanged. */
  async commitHeld(sku: string, locationId: string, quantity: number, reference: string): Promise<Movement> {
    const level = await this.#change(
      { sku, locationId },
      { onHand: -quantity, reserved: -quantity },
      quantity,
    );
    return this.#recordMovement(
      { sku, locationId, kind: 'reservation_commit', quantity: -quantity, reference },
      level,
    );
  }

  /** Gives a level its own threshold (null: the default again) and applies it at once. */
  async setThreshold(sku: string, locationId: string, threshold: number | null): Promise<number> {
    const record = await this.uow.stock.setThreshold(sku, locationId, threshold);
    return this.#watchThreshold(record);
  }

  async #change(
    at: { sku: string; locationId: string },
    delta: LevelDelta,
    requested: number,
  ): Promise<StockLevel> {
    const record = await this.uow.stock.change(at.sku, at.locationId, delta);
    if (!record) {
      const available = (await this.uow.stock.availableAt(at.locationId, [at.sku])).get(at.sku) ?? 0;
      throw insufficientStock(at.sku, at.locationId, available, requested);
    }
    await this.#watchThreshold(record);
    return levelOf(record);
  }

  async #recordMovement(draft: MovementDraft, level: StockLevel): Promise<Movement> {
    const movement: Movement = {
      id: newMovementId(),
      sku: draft.sku,
      locationId: draft.locationId,
      kind: draft.kind,
      quantity: draft.quantity,
      reason: draft.reason ?? null,
      reference: draft.reference ?? null,
      actor: this.options.actor,
      createdAt: this.options.now.toISOString(),
    };
    await this.uow.movements.insert(movement);
    const data: StockAdjusted = { movement, level };
    this.uow.record({ type: InventoryEventTypes.stockAdjusted, data, subject: movement.sku });
    return movement;
  }

  /** Runs with the level locked by this transaction, so two changes cannot both see the crossing. */
  async #watchThreshold(record: LevelRecord): Promise<number> {
    const threshold = record.threshold ?? this.options.defaultThreshold;
    const available = record.onHand - record.reserved;
    const next = lowStockAlert(record.alertArmed, available, threshold);
    if (next.armed !== record.alertArmed) {
      await this.uow.stock.setAlertArmed(record.sku, record.locationId, next.armed);
    }
    if (next.alert) {
      const location = await this.uow.locations.find(record.locationId);
      const data: StockLow = {
        sku: record.sku,
        locationId: record.locationId,
        storeId: location?.storeId ?? null,
        available,
        threshold,
        occurredAt: this.options.now.toISOString(),
      };
      this.uow.record({ type: InventoryEventTypes.stockLow, data, subject: record.sku });
    }
    return threshold;
  }
}
