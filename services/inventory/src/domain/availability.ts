import type { StockLevel } from '@comptoir/contracts';
import { decodeCursor, encodeCursor, LOCATION_PATTERN, SKU_PATTERN } from './cursor.ts';
import { skuNotFound } from './errors.ts';
import type { CommittedChanges, Page, ReadCache, SkuReader, StockReader } from './ports.ts';

export interface StockListQuery {
  sku?: string;
  location?: string;
  limit: number;
  cursor?: string;
}

/** A sku's stock in every location (zero where it was never stocked), with the totals. */
export interface SkuStock {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  levels: StockLevel[];
}

// Namespaces, not keys: a change bumps the few it touches and every cached page under them,
// whatever its cursor or limit, is a miss from then on — on every replica at once. Every key also
// carries the rarely bumped LAYOUT (a new location, a renamed sku), which reshapes any answer.
const ALL = 'stock';
const LAYOUT = 'stock-layout';
const ofSku = (sku: string) => `stock-sku:${sku}`;
const atLocation = (locationId: string) => `stock-location:${locationId}`;

/**
 * Availability reads — public, hot (every product page, every scan at a register) — through the
 * cache, and made fresh after every committed change by `forget`.
 */
export class Availability {
  constructor(
    private readonly readers: { stock: StockReader; skus: SkuReader },
    private readonly cache: ReadCache,
    private readonly ttlSeconds: number,
  ) {}

  async list(query: StockListQuery): Promise<Page<StockLevel>> {
    const { sku, location, limit, cursor } = query;
    const after =
      cursor === undefined ? undefined : decodeCursor(cursor, { s: SKU_PATTERN, l: LOCATION_PATTERN });
    const namespace = sku ? ofSku(sku) : location ? atLocation(location) : ALL;
    const key = `${await this.#prefix(namespace)}:${JSON.stringify([sku, location, after, limit])}`;
    return this.cache.get(key, this.ttlSeconds, async () => {
      const rows = await this.readers.stock.page({
        ...(sku ? { sku } : {}),
        ...(location ? { locationId: location } : {}),
        ...(after ? { after: { sku: after.s, locationId: after.l } } : {}),
        take: limit + 1,
      });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const more = rows.length > limit && last !== undefined;
      return { items, nextCursor: more ? encodeCursor({ s: last.sku, l: last.locationId }) : null };
    });
  }

  async ofSku(sku: string): Promise<SkuStock> {
    // An unknown sku loads as undefined, which is never cached: it is known as soon as it exists.
    const found = await this.cache.get(await this.#prefix(ofSku(sku)), this.ttlSeconds, async () => {
      if (!(await this.readers.skus.find(sku))) return undefined;
      const levels = await this.readers.stock.perLocation(sku);
      const total = (pick: (level: StockLevel) => number) => levels.reduce((sum, l) => sum + pick(l), 0);
      return {
        sku,
        onHand: total((l) => l.onHand),
        reserved: total((l) => l.reserved),
        available: total((l) => l.available),
        levels,
      };
    });
    if (!found) throw skuNotFound(sku);
    return found;
  }

  /** After a commit: the next read of anything it changed is fresh. */
  async forget(changes: CommittedChanges): Promise<void> {
    const spaces = new Set<string>();
    for (const { sku, locationId } of changes.levels) spaces.add(ofSku(sku)).add(atLocation(locationId));
    if (changes.levels.length > 0) spaces.add(ALL);
    if (changes.locations) spaces.add(LAYOUT);
    await Promise.all([...spaces].map((space) => this.cache.bumpNamespace(space)));
  }

  /**
   * After skus were renamed by an event handler, whose transaction commits only after it returns:
   * forget now, and once more after `laterMs`, so a read slipping in between is not kept till the TTL.
   */
  forgetRenamed(skus: readonly string[], laterMs = 1_000): void {
    const forget = () => {
      for (const space of [LAYOUT, ...skus.map(ofSku)]) void this.cache.bumpNamespace(space);
    };
    forget();
    setTimeout(forget, laterMs).unref();
  }

  async #prefix(namespace: string): Promise<string> {
    const [layout, own] = await Promise.all([
      this.cache.namespaceKey(LAYOUT),
      this.cache.namespaceKey(namespace),
    ]);
    return `${layout}:${own}`;
  }
}
