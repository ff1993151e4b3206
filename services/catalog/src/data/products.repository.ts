import type { Queryable } from '@comptoir/platform';
import { categoryUnknown, skuTaken } from '../domain/errors.ts';
import type { ProductHit, ProductReader, ProductSearch, ProductWriter } from '../domain/ports.ts';
import type { Product } from '../domain/product.ts';
import { searchStatement } from './product-search.sql.ts';
import { PRODUCT_COLUMNS, type ProductRow, productParams, toProduct, violation } from './rows.ts';

export function productReader(db: Queryable): ProductReader {
  return {
    async find(id) {
      const { rows } = await db.query<ProductRow>(`select ${PRODUCT_COLUMNS} from product where id = $1`, [
        id,
      ]);
      return rows[0] ? toProduct(rows[0]) : undefined;
    },
    async search(search: ProductSearch): Promise<ProductHit[]> {
      const { sql, params } = searchStatement(search);
      const { rows } = await db.query<ProductRow & { rank?: number }>(sql, params);
      return rows.map((row) => ({
        product: toProduct(row),
        ...(row.rank === undefined ? {} : { rank: row.rank }),
      }));
    },
  };
}

/** Writes inside one transaction (`tx`). */
export function productWriter(tx: Queryable): ProductWriter {
  return {
    async lock(id) {
      const { rows } = await tx.query<ProductRow>(
        `select ${PRODUCT_COLUMNS} from product where id = $1 for update`,
        [id],
      );
      return rows[0] ? toProduct(rows[0]) : undefined;
    },
    async insert(product) {
      await refusals(product, () =>
        tx.query(
          `insert into product (${PRODUCT_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          productParams(product),
        ),
      );
    },
    async update(product) {
      await refusals(product, () =>
        tx.query(
          `update product set sku = $2, name = $3, description = $4, price_amount = $5, price_currency = $6,
             category_id = $7, seller_id = $8, active = $9, version = $10, created_at = $11, updated_at = $12
           where id = $1`,
          productParams(product),
        ),
      );
    },
    async remove(id) {
      await tx.query('delete from product where id = $1', [id]);
    },
  };
}

/** The database has the last word on uniqueness and references (two writers can race past a check). */
async function refusals(product: Product, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const broken = violation(error);
    if (broken?.constraint === 'product_sku_key') throw skuTaken(product.sku);
    if (broken?.code === '23503') throw categoryUnknown(product.categoryId);
    throw error;
  }
}
