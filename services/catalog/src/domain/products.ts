import {
  CatalogEventTypes,
  type Product,
  type ProductDeleted,
  type ProductUpdated,
} from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { decodeCursor, encodeCursor, type SortKey } from './cursor.ts';
import { categoryUnknown, invalidPriceRange, productNotFound } from './errors.ts';
import { newProductId } from './ids.ts';
import { assertMayChange, sellerOfNewProduct } from './ownership.ts';
import type { CatalogStore, Page, ProductFilters, ReadCache } from './ports.ts';
import {
  applyChanges,
  assertVersion,
  changedFields,
  newProduct,
  type ProductDraft,
  type ProductEdit,
  type VersionCondition,
} from './product.ts';
import { searchWords } from './search-text.ts';

export interface ProductListQuery extends ProductFilters {
  limit: number;
  cursor?: string;
  q?: string;
}

export interface CacheTtls {
  /** Seconds a product read by id may be served from cache (a safety net: writes invalidate). */
  product: number;
  /** Seconds a list or search page may be served from cache. */
  list: number;
}

const LISTS = 'product-lists';
const productKey = (id: string) => `product:${id}`;

/**
 * The product use cases: reads go through the cache, every write invalidates what it changed.
 * Writes take the actor: a seller changes only its own products (see `ownership.ts`).
 */
export class ProductCatalog {
  constructor(
    private readonly store: CatalogStore,
    private readonly cache: ReadCache,
    private readonly ttl: CacheTtls,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(id: string): Promise<Product> {
    const product = await this.cache.get(productKey(id), this.ttl.product, () =>
      this.store.products.find(id),
    );
    if (!product) throw productNotFound(id);
    return product;
  }

  async list(query: ProductListQuery): Promise<Page<Product>> {
    const { limit, cursor, q, ...filters } = query;
    if (
      filters.minPrice !== undefined &&
      filters.maxPrice !== undefined &&
      filters.minPrice > filters.maxPrice
    ) {
      throw invalidPriceRange([{ pointer: '/querystring/minPrice', detail: 'must not exceed maxPrice' }]);
    }
    const words = searchWords(q);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, words.length > 0);
    // The key is the query as understood, not as typed: "CAFÉ" and "cafe" share an entry.
    const normalised = JSON.stringify({ ...sortedFilters(filters), words, after, limit });
    const key = `${await this.cache.namespaceKey(LISTS)}:${normalised}`;
    return this.cache.get(key, this.ttl.list, async () => {
      const hits = await this.store.products.search({
        filters,
        words,
        take: limit + 1,
        ...(after ? { after } : {}),
      });
      const page = hits.slice(0, limit);
      const last = page.at(-1);
      const more = hits.length > limit && last !== undefined;
      const next: SortKey | undefined = !more
        ? undefined
        : last.rank === undefined
          ? { id: last.product.id }
          : { rank: last.rank, id: last.product.id };
      return { items: page.map((hit) => hit.product), nextCursor: next ? encodeCursor(next) : null };
    });
  }

  async create(actor: Principal, draft: ProductDraft): Promise<Product> {
    const sellerId = sellerOfNewProduct(actor, draft.sellerId);
    const product = newProduct(newProductId(), { ...draft, sellerId }, this.clock());
    await this.store.write(async ({ products, categories, record }) => {
      if (!(await categories.exists(product.categoryId))) throw categoryUnknown(product.categoryId);
      await products.insert(product);
      record({ type: CatalogEventTypes.productCreated, data: { product }, subject: product.id });
    });
    await this.forget(product.id);
    return product;
  }

  async update(
    actor: Principal,
    id: string,
    edit: ProductEdit,
    condition?: VersionCondition,
  ): Promise<Product> {
    const updated = await this.store.write(async ({ products, categories, record }) => {
      const current = await products.lock(id);
      if (!current) throw productNotFound(id);
      assertMayChange(actor, current, edit);
      assertVersion(current, condition);
      const changes = changedFields(current, edit);
      if (Object.keys(changes).length === 0) return current;
      if (changes.categoryId !== undefined && !(await categories.exists(changes.categoryId))) {
        throw categoryUnknown(changes.categoryId);
      }
      const next = applyChanges(current, changes, this.clock());
      await products.update(next);
      const data: ProductUpdated = {
        productId: id,
        sku: next.sku,
        version: next.version,
        changes,
        updatedAt: next.updatedAt,
      };
      record({ type: CatalogEventTypes.productUpdated, data, subject: id });
      return next;
    });
    await this.forget(id);
    return updated;
  }

  async remove(actor: Principal, id: string, condition?: VersionCondition): Promise<void> {
    await this.store.write(async ({ products, record }) => {
      const current = await products.lock(id);
      if (!current) throw productNotFound(id);
      assertMayChange(actor, current);
      assertVersion(current, condition);
      await products.remove(id);
      const data: ProductDeleted = {
        productId: id,
        sku: current.sku,
        version: current.version,
        deletedAt: this.clock().toISOString(),
      };
      record({ type: CatalogEventTypes.productDeleted, data, subject: id });
    });
    await this.forget(id);
  }

  /** After a category changes, lists filtered by its slug may answer differently. */
  async forgetLists(): Promise<void> {
    await this.cache.bumpNamespace(LISTS);
  }

  // After the commit: a reader that comes next must see the change, so both go.
  private async forget(id: string): Promise<void> {
    await Promise.all([this.cache.invalidate(productKey(id)), this.cache.bumpNamespace(LISTS)]);
  }
}

function sortedFilters(filters: ProductFilters): ProductFilters {
  return Object.fromEntries(
    Object.entries(filters)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
