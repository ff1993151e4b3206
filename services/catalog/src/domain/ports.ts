import type { Category, Product } from '@comptoir/contracts';
import type { SortKey } from './cursor.ts';

/** What the domain needs from storage. `src/data` implements these with SQL. */

export interface ProductFilters {
  /** Exactly this sku, ignoring case (skus are unique regardless of case). */
  sku?: string;
  /** A category id or slug. */
  category?: string;
  sellerId?: string;
  active?: boolean;
  minPrice?: number;
  maxPrice?: number;
}

export interface ProductSearch {
  filters: ProductFilters;
  /** Normalised search words; when there are any, results come by relevance. */
  words: readonly string[];
  after?: SortKey;
  /** Rows to read: one more than a page, to know whether another page follows. */
  take: number;
}

/** A found product with its position in the order (its rank, for a search). */
export interface ProductHit {
  product: Product;
  rank?: number;
}

export interface ProductReader {
  find(id: string): Promise<Product | undefined>;
  search(search: ProductSearch): Promise<ProductHit[]>;
}

export interface ProductWriter {
  /** Reads the product and holds it until the transaction ends, so two edits queue up. */
  lock(id: string): Promise<Product | undefined>;
  /** Throws `skuTaken` / `categoryUnknown` when the database refuses. */
  insert(product: Product): Promise<void>;
  update(product: Product): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface CategoryReader {
  /** By id, or by slug. */
  find(idOrSlug: string): Promise<Category | undefined>;
  list(afterId: string | undefined, take: number): Promise<Category[]>;
}

export interface CategoryWriter {
  lock(id: string): Promise<Category | undefined>;
  exists(id: string): Promise<boolean>;
  /** Throws `slugTaken` when the database refuses. */
  insert(category: Category): Promise<void>;
  update(category: Category): Promise<void>;
  hasProducts(id: string): Promise<boolean>;
  remove(id: string): Promise<void>;
}

/** A fact to publish, saved with the change that caused it. */
export interface CatalogEvent {
  type: string;
  data: unknown;
  subject: string;
}

/** One transaction: its writes and its events commit together or not at all. */
export interface CatalogUnitOfWork {
  products: ProductWriter;
  categories: CategoryWriter;
  record(event: CatalogEvent): void;
}

export interface CatalogStore {
  products: ProductReader;
  categories: CategoryReader;
  write<T>(work: (uow: CatalogUnitOfWork) => Promise<T>): Promise<T>;
}

/** The read cache (cache-aside with namespaces); the kit's `CacheAside` fits it. */
export interface ReadCache {
  get<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  invalidate(...keys: string[]): Promise<void>;
  namespaceKey(namespace: string): Promise<string>;
  bumpNamespace(namespace: string): Promise<void>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
