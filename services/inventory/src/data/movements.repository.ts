import type { Queryable } from '@comptoir/platform';
import type { MovementWriter } from '../domain/ports.ts';

/** Movements are only ever added: a level's history is the sum that makes it. */
export function movementWriter(tx: Queryable): MovementWriter {
  return {
    async insert(m) {
      await tx.query(
        `insert into movement (id, sku, location_id, kind, quantity, reason, reference, actor, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [m.id, m.sku, m.locationId, m.kind, m.quantity, m.reason, m.reference, m.actor, m.createdAt],
      );
    },
  };
}
