import type { Queryable } from '@comptoir/platform';
import type { StockReader, StockWriter } from '../domain/ports.ts';
import { LEVEL_COLUMNS, type LevelRow, toLevelRecord, toStockLevel } from './rows.ts';

export function stockReader(db: Queryable): StockReader {
  return {
    async page({ sku, locationId, after, take }) {
      const { rows } = await db.query<LevelRow>(
        `select ${LEVEL_COLUMNS} from stock_level
         where ($1::text is null or sku = $1) and ($2::text is null or location_id = $2)
           and ($3::text is null or (sku, location_id) > ($3, $4))
         order by sku, location_id limit $5`,
        [sku ?? null, locationId ?? null, after?.sku ?? null, after?.locationId ?? null, take],
      );
      return rows.map(toStockLevel);
    },
    async perLocation(sku) {
      const { rows } = await db.query<LevelRow>(
        `select $1::text as sku, l.id as location_id,
                coalesce(s.on_hand, 0) as on_hand, coalesce(s.reserved, 0) as reserved
         from location l left join stock_level s on s.location_id = l.id and s.sku = $1
         order by l.id`,
        [sku],
      );
      return rows.map(toStockLevel);
    },
  };
}

/** Writes inside one transaction (`tx`); every level written stays locked until it ends. */
export function stockWriter(tx: Queryable): StockWriter {
  const create = (sku: string, locationId: string) =>
    tx.query('insert into stock_level (sku, location_id) values ($1, $2) on conflict do nothing', [
      sku,
      locationId,
    ]);
  return {
    async change(sku, locationId, delta) {
      // Only incoming stock can find no level: taking from a level that does not exist is refused below.
      if (delta.onHand > 0) await create(sku, locationId);
      // The check is in the update itself: a concurrent writer of the row makes this one wait, and
      // PostgreSQL re-evaluates the condition on the row it left (never on a stale read).
      const { rows } = await tx.query<LevelRow>(
        `update stock_level set on_hand = on_hand + $3, reserved = reserved + $4, updated_at = now()
         where sku = $1 and location_id = $2 and on_hand + $3 >= reserved + $4 and reserved + $4 >= 0
         returning ${LEVEL_COLUMNS}`,
        [sku, locationId, delta.onHand, delta.reserved],
      );
      return rows[0] ? toLevelRecord(rows[0]) : undefined;
    },
    async forceChange(sku, locationId, onHand) {
      await create(sku, locationId);
      const { rows } = await tx.query<LevelRow>(
        `update stock_level set on_hand = on_hand + $3, oversold = oversold or on_hand + $3 < reserved,
           updated_at = now()
         where sku = $1 and location_id = $2
         returning ${LEVEL_COLUMNS}`,
        [sku, locationId, onHand],
      );
      return toLevelRecord(rows[0] as LevelRow);
    },
    async clearOversold(sku, locationId) {
      await tx.query('update stock_level set oversold = false where sku = $1 and location_id = $2', [
        sku,
        locationId,
      ]);
    },
    async lock(sku, locationId) {
      await create(sku, locationId);
      const { rows } = await tx.query<LevelRow>(
        `select ${LEVEL_COLUMNS} from stock_level where sku = $1 and location_id = $2 for update`,
        [sku, locationId],
      );
      return toLevelRecord(rows[0] as LevelRow);
    },
    async availableAt(locationId, skus) {
      const { rows } = await tx.query<{ sku: string; available: number }>(
        `select sku, on_hand - reserved as available from stock_level
         where location_id = $1 and sku = any($2::text[])`,
        [locationId, [...skus]],
      );
      return new Map(rows.map((row) => [row.sku, row.available]));
    },
    async setAlertArmed(sku, locationId, armed) {
      await tx.query('update stock_level set alert_armed = $3 where sku = $1 and location_id = $2', [
        sku,
        locationId,
        armed,
      ]);
    },
    async setThreshold(sku, locationId, threshold) {
      await create(sku, locationId);
      const { rows } = await tx.query<LevelRow>(
        `update stock_level set threshold = $3, updated_at = now() where sku = $1 and location_id = $2
         returning ${LEVEL_COLUMNS}`,
        [sku, locationId, threshold],
      );
      return toLevelRecord(rows[0] as LevelRow);
    },
  };
}
