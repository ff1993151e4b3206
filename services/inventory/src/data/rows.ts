import type { Location, LocationType, MovementKind, StockLevel } from '@comptoir/contracts';
import type { LevelRecord } from '../domain/ports.ts';

/** Columns as stored; the kit returns timestamps as `Date` and bigint as number on both databases. */
type Timestamp = Date | string;

export const iso = (value: Timestamp): string => new Date(value).toISOString();

export interface LevelRow {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  threshold: number | null;
  alert_armed: boolean;
}

export const LEVEL_COLUMNS = 'sku, location_id, on_hand, reserved, threshold, alert_armed';

export const toLevelRecord = (row: LevelRow): LevelRecord => ({
  sku: row.sku,
  locationId: row.location_id,
  onHand: row.on_hand,
  reserved: row.reserved,
  threshold: row.threshold,
  alertArmed: row.alert_armed,
});

export const toStockLevel = (
  row: Pick<LevelRow, 'sku' | 'location_id' | 'on_hand' | 'reserved'>,
): StockLevel => ({
  sku: row.sku,
  locationId: row.location_id,
  onHand: row.on_hand,
  reserved: row.reserved,
  available: row.on_hand - row.reserved,
});

export interface LocationRow {
  id: string;
  type: LocationType;
  name: string;
  store_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export const LOCATION_COLUMNS = 'id, type, name, store_id, created_at, updated_at';

export const toLocation = (row: LocationRow): Location => ({
  id: row.id,
  type: row.type,
  name: row.name,
  storeId: row.store_id,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

export interface MovementRow {
  id: string;
  sku: string;
  location_id: string;
  kind: MovementKind;
  quantity: number;
}
