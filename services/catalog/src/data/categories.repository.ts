import type { Category } from '@comptoir/contracts';
import type { Queryable } from '@comptoir/platform';
import { categoryInUse, slugTaken } from '../domain/errors.ts';
import type { CategoryReader, CategoryWriter } from '../domain/ports.ts';
import { CATEGORY_COLUMNS, type CategoryRow, toCategory, violation } from './rows.ts';

export function categoryReader(db: Queryable): CategoryReader {
  return {
    async find(idOrSlug) {
      const { rows } = await db.query<CategoryRow>(
        `select ${CATEGORY_COLUMNS} from category where id = $1 or slug = $1`,
        [idOrSlug],
      );
      return rows[0] ? toCategory(rows[0]) : undefined;
    },
    async list(afterId, take) {
      const { rows } = await db.query<CategoryRow>(
        `select ${CATEGORY_COLUMNS} from category where $1::text is null or id > $1 order by id limit $2`,
        [afterId ?? null, take],
      );
      return rows.map(toCategory);
    },
  };
}

/** Writes inside one transaction (`tx`). */
export function categoryWriter(tx: Queryable): CategoryWriter {
  const params = (c: Category) => [c.id, c.slug, c.name, c.createdAt, c.updatedAt];
  return {
    async lock(id) {
      const { rows } = await tx.query<CategoryRow>(
        `select ${CATEGORY_COLUMNS} from category where id = $1 for update`,
        [id],
      );
      return rows[0] ? toCategory(rows[0]) : undefined;
    },
    async exists(id) {
      // `for share`: the category cannot be deleted before the product that names it is saved.
      const { rows } = await tx.query('select 1 from category where id = $1 for share', [id]);
      return rows.length > 0;
    },
    async insert(category) {
      await refusals(category, () =>
        tx.query(`insert into category (${CATEGORY_COLUMNS}) values ($1, $2, $3, $4, $5)`, params(category)),
      );
    },
    async update(category) {
      await refusals(category, () =>
        tx.query(
          'update category set slug = $2, name = $3, created_at = $4, updated_at = $5 where id = $1',
          params(category),
        ),
      );
    },
    async hasProducts(id) {
      const { rows } = await tx.query('select 1 from product where category_id = $1 limit 1', [id]);
      return rows.length > 0;
    },
    async remove(id) {
      await refusals({ id }, () => tx.query('delete from category where id = $1', [id]));
    },
  };
}

async function refusals(category: Pick<Category, 'id'> & { slug?: string }, write: () => Promise<unknown>) {
  try {
    await write();
  } catch (error) {
    const broken = violation(error);
    if (broken?.constraint === 'category_slug_key' && category.slug) throw slugTaken(category.slug);
    // A product was added to the category between the check and the delete.
    if (broken?.code === '23503') throw categoryInUse(category.id);
    throw error;
  }
}
