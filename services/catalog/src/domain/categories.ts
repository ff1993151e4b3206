import type { Category } from '@comptoir/contracts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { categoryInUse, categoryNotFound } from './errors.ts';
import { newCategoryId } from './ids.ts';
import type { CatalogStore, Page } from './ports.ts';

export interface CategoryDraft {
  slug: string;
  name: string;
}

export type CategoryEdit = Partial<CategoryDraft>;

/**
 * The category use cases. Categories are few and rarely edited, so they are read straight from
 * the database; `onChange` tells product lists (which filter by slug) that they may be stale.
 */
export class CategoryCatalog {
  constructor(
    private readonly store: CatalogStore,
    private readonly onChange: () => Promise<void>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(idOrSlug: string): Promise<Category> {
    const category = await this.store.categories.find(idOrSlug);
    if (!category) throw categoryNotFound(idOrSlug);
    return category;
  }

  async list(limit: number, cursor?: string): Promise<Page<Category>> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor, false).id;
    const rows = await this.store.categories.list(after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
  }

  async create(draft: CategoryDraft): Promise<Category> {
    const at = this.clock().toISOString();
    const category: Category = {
      id: newCategoryId(),
      slug: draft.slug,
      name: draft.name,
      createdAt: at,
      updatedAt: at,
    };
    await this.store.write(({ categories }) => categories.insert(category));
    return category;
  }

  async update(id: string, edit: CategoryEdit): Promise<Category> {
    const updated = await this.store.write(async ({ categories }) => {
      const current = await categories.lock(id);
      if (!current) throw categoryNotFound(id);
      const next: Category = { ...current, ...edit };
      if (next.slug === current.slug && next.name === current.name) return current;
      next.updatedAt = this.clock().toISOString();
      await categories.update(next);
      return next;
    });
    await this.onChange();
    return updated;
  }

  async remove(id: string): Promise<void> {
    await this.store.write(async ({ categories }) => {
      if (!(await categories.lock(id))) throw categoryNotFound(id);
      if (await categories.hasProducts(id)) throw categoryInUse(id);
      await categories.remove(id);
    });
    await this.onChange();
  }
}
