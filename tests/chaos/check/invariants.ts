/**
 * Invariants of the stock ledger, over every (sku, location) — not only what the load touched:
 * a level never negative, on hand equal to the sum of its movements, reserved equal to the lines of
 * its active reservations.
 */
import type { Databases } from './databases.ts';

export async function stockViolations(db: Databases): Promise<string[]> {
  const found: string[] = [];
  const negative = await db.rows<{ sku: string; location_id: string; on_hand: number; reserved: number }>(
    'inventory',
    'select sku, location_id, on_hand, reserved from stock_level where on_hand < 0 or reserved < 0 or reserved > on_hand',
  );
  for (const r of negative)
    found.push(`stock ${r.sku}@${r.location_id}: on hand ${r.on_hand}, reserved ${r.reserved}`);
  const ledger = await db.rows<{ sku: string; location_id: string; on_hand: number; moved: number }>(
    'inventory',
    `select l.sku, l.location_id, l.on_hand, coalesce(m.moved, 0)::int as moved
       from stock_level l
       left join (select sku, location_id, sum(quantity) as moved from movement group by sku, location_id) m
         using (sku, location_id)
      where l.on_hand <> coalesce(m.moved, 0)`,
  );
  for (const r of ledger)
    found.push(`stock ${r.sku}@${r.location_id}: on hand ${r.on_hand} ≠ movements ${r.moved}`);
  const held = await db.rows<{ sku: string; location_id: string; reserved: number; held: number }>(
    'inventory',
    `select l.sku, l.location_id, l.reserved, coalesce(h.held, 0)::int as held
       from stock_level l
       left join (select rl.sku, r.location_id, sum(rl.quantity) as held
                    from reservation r join reservation_line rl on rl.reservation_id = r.id
                   where r.status = 'active' group by rl.sku, r.location_id) h
         using (sku, location_id)
      where l.reserved <> coalesce(h.held, 0)`,
  );
  for (const r of held)
    found.push(`stock ${r.sku}@${r.location_id}: reserved ${r.reserved} ≠ active reservations ${r.held}`);
  return found;
}
