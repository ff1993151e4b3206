import type { Location, LocationType, Movement, Reconciliation, StockLevel } from '@comptoir/contracts';
import type { DomainError } from '@comptoir/platform';
import type { ReservationReader, ReservationWriter } from './reservation-ports.ts';

export type * from './reservation-ports.ts';

/** What the domain needs from storage. `src/data` implements these with SQL. */

/** A stock level as stored, with what the low-stock rule needs. */
export interface LevelRecord {
  sku: string;
  locationId: string;
  onHand: number;
  reserved: number;
  /** The level's own threshold; null means the configured default. */
  threshold: number | null;
  /** True while available stock is at or above the threshold: the next drop below it alerts. */
  alertArmed: boolean;
}

/** Signed changes to a level's on-hand and reserved quantities. */
export interface LevelDelta {
  onHand: number;
  reserved: number;
}

export interface StockWriter {
  /**
   * Adds `delta` to the level (created at zero when missing) unless available stock or reserved
   * stock would go below zero: then nothing changes and the answer is `undefined`. The check and
   * the write are one statement, so concurrent writers cannot overdraw; the level stays locked
   * until the transaction ends.
   */
  change(sku: string, locationId: string, delta: LevelDelta): Promise<LevelRecord | undefined>;
  /**
   * Adds `onHand` to the level (created at zero when missing) whatever it leaves: the offline sale's
   * path, and no other. A level taken below its reserved stock is marked oversold.
   */
  forceChange(sku: string, locationId: string, onHand: number): Promise<LevelRecord>;
  /** Clears the oversold mark, once a count has set the level right. */
  clearOversold(sku: string, locationId: string): Promise<void>;
  /** The level (created at zero when missing), locked until the transaction ends. */
  lock(sku: string, locationId: string): Promise<LevelRecord>;
  /** Available stock of each sku at a location (zero when never stocked). */
  availableAt(locationId: string, skus: readonly string[]): Promise<Map<string, number>>;
  setAlertArmed(sku: string, locationId: string, armed: boolean): Promise<void>;
  /** Sets the level's own threshold (null: back to the default); the level is created if missing. */
  setThreshold(sku: string, locationId: string, threshold: number | null): Promise<LevelRecord>;
}

export interface StockQuery {
  sku?: string;
  locationId?: string;
  after?: { sku: string; locationId: string };
  /** Rows to read: one more than a page, to know whether another page follows. */
  take: number;
}

export interface StockReader {
  /** Levels that exist, by sku then location. */
  page(query: StockQuery): Promise<StockLevel[]>;
  /** One level per location, zero where the sku was never stocked. */
  perLocation(sku: string): Promise<StockLevel[]>;
}

export interface MovementWriter {
  insert(movement: Movement): Promise<void>;
}

export interface SkuState {
  sku: string;
  active: boolean;
}

export interface SkuReader {
  find(sku: string): Promise<SkuState | undefined>;
}

export interface SkuWriter {
  /** The states of the skus that exist, held (key share) so a sku rename waits for this transaction. */
  use(skus: readonly string[]): Promise<Map<string, SkuState>>;
}

/** A sku as the catalog last described it to us. */
export interface SkuRecord {
  sku: string;
  productId: string;
  productVersion: number;
  active: boolean;
}

/** What the catalog's events change; used inside the inbox transaction of the event. */
export interface SkuRegistry {
  /** The product's sku, holding the product until the transaction ends (events of it queue up). */
  byProduct(productId: string): Promise<SkuRecord | undefined>;
  /** Inserts, or takes over the sku from the product that had it before (a deleted one). */
  claim(record: SkuRecord): Promise<void>;
  /** Updates the product's row; a new sku carries its stock and history along. */
  update(productId: string, record: SkuRecord): Promise<void>;
}

export interface LocationQuery {
  type?: LocationType;
  storeId?: string;
  afterId?: string;
  take: number;
}

export interface LocationReader {
  find(id: string): Promise<Location | undefined>;
  list(query: LocationQuery): Promise<Location[]>;
}

export interface LocationWriter {
  insert(location: Location): Promise<void>;
  /**
   * Inserts a store's location, or renames the one its store already has (then `created` is
   * false and the id is the existing one). One statement, so two callers racing get one location.
   */
  upsertStore(location: Location): Promise<{ location: Location; created: boolean }>;
}

/** The answer given the first time a key was used, and the request it answered. */
export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

export interface IdempotencyKey {
  scope: string;
  subject: string;
  key: string;
}

export interface IdempotencyWriter {
  /**
   * Takes the key for this transaction and answers `undefined`, or answers what was stored under
   * it. A transaction holding the key makes others wait until it ends, so exactly one does the work.
   */
  claim(key: IdempotencyKey, requestHash: string): Promise<StoredAnswer | undefined>;
  remember(key: IdempotencyKey, status: number, body: unknown): Promise<void>;
  /** Forgets keys older than `hours`; returns how many. */
  prune(hours: number): Promise<number>;
}

export interface ReconciliationQuery {
  status?: 'open' | 'resolved';
  /** Only these locations; all of them when absent. */
  locationIds?: readonly string[];
  afterId?: string;
  take: number;
}

export interface ReconciliationReader {
  list(query: ReconciliationQuery): Promise<Reconciliation[]>;
  find(id: string): Promise<Reconciliation | undefined>;
}

export interface ReconciliationWriter extends ReconciliationReader {
  /** Opens the sku's record at the location, or joins the open one (one statement, whatever the race). */
  openOrJoin(entry: {
    id: string;
    sku: string;
    locationId: string;
    saleId: string;
    quantityShort: number;
    at: string;
  }): Promise<Reconciliation>;
  /** Reads the record and holds it until the transaction ends. */
  lock(id: string): Promise<Reconciliation | undefined>;
  resolve(entry: {
    id: string;
    counted: number;
    movementId: string;
    by: string;
    at: string;
  }): Promise<Reconciliation>;
}

/** A fact to publish, saved with the change that caused it. */
export interface InventoryEvent {
  type: string;
  data: unknown;
  subject: string;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: DomainError };

/** One transaction: its writes and its events commit together or not at all. */
export interface InventoryUnitOfWork {
  stock: StockWriter;
  movements: MovementWriter;
  skus: SkuWriter;
  locations: LocationReader & LocationWriter;
  reservations: ReservationWriter;
  reconciliations: ReconciliationWriter;
  idempotency: IdempotencyWriter;
  record(event: InventoryEvent): void;
  /**
   * Runs `work`; if it throws a `DomainError`, its writes and events are undone and the error is
   * returned, while the transaction goes on (a savepoint).
   */
  attempt<T>(work: () => Promise<T>): Promise<Attempt<T>>;
}

export interface InventoryStore {
  locations: LocationReader;
  reservations: ReservationReader;
  reconciliations: ReconciliationReader;
  write<T>(work: (uow: InventoryUnitOfWork) => Promise<T>): Promise<T>;
}

/** What a committed transaction changed that cached reads show. */
export interface CommittedChanges {
  levels: ReadonlyArray<{ sku: string; locationId: string }>;
  locations: boolean;
}

/** The read cache (cache-aside with namespaces); the kit's `CacheAside` fits it. */
export interface ReadCache {
  get<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  namespaceKey(namespace: string): Promise<string>;
  bumpNamespace(namespace: string): Promise<void>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
