import { cursorCodec, type Principal } from '@comptoir/platform';
import { isHeadOffice, worksAt } from './access.ts';
import { invalidCursor, notYourStore, saleNotFound } from './errors.ts';
import type { OrderingStore, Page, SaleFilter } from './ports.ts';
import { returnSummary } from './return.ts';
import { type Sale, type SaleRecord, toSale } from './sale.ts';

export interface SaleListQuery {
  storeId?: string;
  sessionId?: string;
  registerId?: string;
  /** Only offline sales flagged for the manager. */
  review?: boolean;
  limit: number;
  cursor?: string;
}

type Position = { completedAt: string; id: string };

// Newest first: the position is the last sale's completion time and id.
const cursor = cursorCodec<Position>(({ completedAt, id, ...rest }) => {
  if (typeof completedAt !== 'string' || Number.isNaN(Date.parse(completedAt))) return undefined;
  if (typeof id !== 'string' || id.length === 0 || Object.keys(rest).length > 0) return undefined;
  return { completedAt, id };
}, invalidCursor);

/** Completed sales, for the store's staff and head office. */
export class SaleQueries {
  constructor(private readonly store: OrderingStore) {}

  async get(actor: Principal, id: string): Promise<Sale> {
    const sale = await this.store.sales.find(id);
    // Drafts, declined sales and other stores' sales do not exist for the caller.
    if (sale?.status !== 'completed' || !worksAt(actor, sale.storeId)) throw saleNotFound(id);
    const returns = await this.store.returns.completedOf([sale.id]);
    return toSale(sale, returns.map(returnSummary));
  }

  async list(actor: Principal, query: SaleListQuery): Promise<Page<Sale>> {
    const filter: SaleFilter = { take: query.limit + 1 };
    if (query.storeId !== undefined) {
      if (!worksAt(actor, query.storeId)) throw notYourStore(query.storeId);
      filter.storeId = query.storeId;
    } else if (!isHeadOffice(actor)) {
      filter.storeIds = actor.storeIds;
    }
    if (query.sessionId !== undefined) filter.sessionId = query.sessionId;
    if (query.registerId !== undefined) filter.registerId = query.registerId;
    if (query.review) filter.review = true;
    const after = cursor.decode(query.cursor);
    if (after) filter.after = after;

    const rows = await this.store.sales.list(filter);
    const page = rows.slice(0, query.limit);
    const returns = await this.store.returns.completedOf(page.map((s) => s.id));
    const items = page.map((sale) =>
      toSale(sale, returns.filter((r) => r.saleId === sale.id).map(returnSummary)),
    );
    const last = page.at(-1);
    const more = rows.length > query.limit && last;
    return { items, nextCursor: more ? cursor.encode(position(last)) : null };
  }
}

const position = (sale: SaleRecord): Position => ({ completedAt: sale.completedAt ?? '', id: sale.id });
