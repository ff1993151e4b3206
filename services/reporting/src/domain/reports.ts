import type { Principal } from '@comptoir/platform';
import { scopeFor } from './access.ts';
import type { Channel } from './facts.ts';
import type { DailySalesRow, ReportReader } from './ports.ts';
import { dayRange, type RangeRules } from './range.ts';

export interface ReportFilter {
  from?: string;
  to?: string;
  store?: string;
  channel?: Channel;
}

/** Sales figures in integer cents: gross is what customers paid (taxes included), net is gross less refunds. */
export interface SalesFigures {
  salesCount: number;
  items: number;
  grossCents: number;
  taxesCents: number;
  refundsCount: number;
  refundsCents: number;
  netCents: number;
  /** Gross over the number of sales, rounded half up; 0 without sales. */
  averageBasketCents: number;
}

export type SalesDay = {
  day: string;
  storeId: string | null;
  storeName: string | null;
  channel: Channel;
} & SalesFigures;

/** Rounded half up, in integers only: no float ever touches an amount. */
export const averageOf = (total: number, count: number): number =>
  count === 0 ? 0 : Math.floor((2 * total + count) / (2 * count));

function figures(row: Omit<DailySalesRow, 'day' | 'storeId' | 'storeName' | 'channel'>): SalesFigures {
  return {
    salesCount: row.salesCount,
    items: row.items,
    grossCents: row.gross,
    taxesCents: row.taxes,
    refundsCount: row.refundsCount,
    refundsCents: row.refunds,
    netCents: row.gross - row.refunds,
    averageBasketCents: averageOf(row.gross, row.salesCount),
  };
}

function totalOf(rows: readonly DailySalesRow[]): SalesFigures {
  const sum = { salesCount: 0, items: 0, gross: 0, taxes: 0, refundsCount: 0, refunds: 0 };
  for (const row of rows) {
    sum.salesCount += row.salesCount;
    sum.items += row.items;
    sum.gross += row.gross;
    sum.taxes += row.taxes;
    sum.refundsCount += row.refundsCount;
    sum.refunds += row.refunds;
  }
  return figures(sum);
}

/** The reports' questions, each answered for what the caller may see (domain/access.ts). */
export class Reports {
  constructor(
    private readonly reader: ReportReader,
    private readonly rules: RangeRules & { currency: string },
  ) {}

  #query(actor: Principal, filter: ReportFilter) {
    const scope = scopeFor(actor, filter.store);
    const range = dayRange(filter, this.rules);
    return { ...range, scope, ...(filter.channel ? { channel: filter.channel } : {}) };
  }

  #header(query: { from: string; to: string }, filter: ReportFilter) {
    return {
      from: query.from,
      to: query.to,
      timeZone: this.rules.timeZone,
      currency: this.rules.currency,
      storeId: filter.store ?? null,
      channel: filter.channel ?? null,
    };
  }

  /** Sales per store, day and channel, and their totals (the revenue over the range). */
  async sales(actor: Principal, filter: ReportFilter) {
    const query = this.#query(actor, filter);
    const rows = await this.reader.dailySales(query);
    return {
      ...this.#header(query, filter),
      rows: rows.map(
        (row): SalesDay => ({
          day: row.day,
          storeId: row.storeId,
          storeName: row.storeName,
          channel: row.channel,
          ...figures(row),
        }),
      ),
      totals: totalOf(rows),
    };
  }

  /** The average basket per day (all stores in scope together) and over the range. */
  async baskets(actor: Principal, filter: ReportFilter) {
    const query = this.#query(actor, filter);
    const rows = await this.reader.dailySales(query);
    const byDay = new Map<string, DailySalesRow[]>();
    for (const row of rows) byDay.set(row.day, [...(byDay.get(row.day) ?? []), row]);
    const basket = (of: readonly DailySalesRow[]) => {
      const total = totalOf(of);
      return {
        salesCount: total.salesCount,
        items: total.items,
        grossCents: total.grossCents,
        averageBasketCents: total.averageBasketCents,
        /** Items per sale, to two decimals. */
        averageItems: total.salesCount === 0 ? 0 : Math.round((100 * total.items) / total.salesCount) / 100,
      };
    };
    return {
      ...this.#header(query, filter),
      rows: [...byDay].map(([day, of]) => ({ day, ...basket(of) })),
      totals: basket(rows),
    };
  }

  async topProducts(actor: Principal, filter: ReportFilter & { by: 'quantity' | 'revenue'; limit: number }) {
    const query = this.#query(actor, filter);
    const products = await this.reader.topProducts({ ...query, by: filter.by, limit: filter.limit });
    return {
      ...this.#header(query, filter),
      by: filter.by,
      items: products.map((p, index) => ({
        rank: index + 1,
        sku: p.sku,
        name: p.name,
        quantity: p.quantity,
        revenueCents: p.revenue,
      })),
    };
  }

  /** Skus below their threshold now, per location. */
  async stockAlerts(actor: Principal, filter: { store?: string; location?: string }) {
    const scope = scopeFor(actor, filter.store);
    const alerts = await this.reader.stockAlerts({
      scope,
      ...(filter.location ? { locationId: filter.location } : {}),
    });
    return { items: alerts };
  }

  /** Cash sessions opened in the range, with their count at close. */
  async sessions(actor: Principal, filter: ReportFilter) {
    const { channel: _, ...sessionFilter } = filter;
    const query = this.#query(actor, sessionFilter);
    const sessions = await this.reader.sessions(query);
    return {
      ...this.#header(query, sessionFilter),
      items: sessions.map((s) => ({
        sessionId: s.id,
        storeId: s.storeId,
        storeName: s.storeName,
        registerId: s.registerId,
        cashierId: s.cashierId,
        status: s.status,
        currency: s.currency,
        openedAt: s.openedAt,
        closedAt: s.closedAt,
        openingFloatCents: s.openingFloat,
        expectedCashCents: s.expectedCash,
        countedCashCents: s.countedCash,
        differenceCents: s.difference,
      })),
    };
  }
}
