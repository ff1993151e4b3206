import type { Queryable } from '@comptoir/platform';
import type { SkuReader, SkuRecord, SkuRegistry, SkuState, SkuWriter } from '../domain/ports.ts';

interface SkuRow {
  sku: string;
  product_id: string;
  product_version: number;
  active: boolean;
}

export function skuReader(db: Queryable): SkuReader {
  return {
    async find(sku) {
      const { rows } = await db.query<SkuState>('select sku, active from sku where sku = $1', [sku]);
      return rows[0];
    },
  };
}

export function skuWriter(tx: Queryable): SkuWriter {
  return {
    async use(skus) {
      // Key share: nothing stops another sale of these skus, but a rename of one waits for us.
      const { rows } = await tx.query<SkuState>(
        'select sku, active from sku where sku = any($1::text[]) order by sku for key share',
        [[...skus]],
      );
      return new Map(rows.map((row) => [row.sku, row]));
    },
  };
}

/** The catalog events' side, inside the event's inbox transaction. */
export function skuRegistry(tx: Queryable): SkuRegistry {
  return {
    async byProduct(productId) {
      // Events of one product can be handled side by side (prefetch, replicas): the first to get
      // here holds the product until its transaction ends, even while it has no row yet.
      await tx.query(`select pg_advisory_xact_lock(hashtext('inventory.sku-product:' || $1))`, [productId]);
      const { rows } = await tx.query<SkuRow>(
        `select sku, product_id, product_version, active from sku where product_id = $1
         order by product_version desc limit 1`,
        [productId],
      );
      const row = rows[0];
      return row
        ? { sku: row.sku, productId: row.product_id, productVersion: row.product_version, active: row.active }
        : undefined;
    },
    async claim(record: SkuRecord) {
      await tx.query(
        `insert into sku (sku, product_id, product_version, active) values ($1, $2, $3, $4)
         on conflict (sku) do update set product_id = excluded.product_id,
           product_version = excluded.product_version, active = excluded.active, updated_at = now()`,
        [record.sku, record.productId, record.productVersion, record.active],
      );
    },
    async update(productId, record) {
      // A new sku cascades to the product's levels, movements and reservation lines.
      await tx.query(
        `update sku set sku = $2, product_version = $3, active = $4, updated_at = now()
         where product_id = $1`,
        [productId, record.sku, record.productVersion, record.active],
      );
    },
  };
}
