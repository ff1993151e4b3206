import type { Queryable } from '@comptoir/platform';
import type { Channel } from '../domain/facts.ts';
import type { RangeQuery, ReportReader, StoreScope } from '../domain/ports.ts';
import { ONLINE_STORE } from './projections.repository.ts';

type Timestamp = Date | string;
const iso = (value: Timestamp) => new Date(value).toISOString();
const isoOrNull = (value: Timestamp | null) => (value === null ? null : iso(value));
const storeOrNull = (storeId: string) => (storeId === ONLINE_STORE ? null : storeId);

/** `where` conditions and their parameters, numbered as they are added. */
class Where {
  readonly params: unknown[] = [];
  readonly parts: string[] = [];
  add(sql: (n: (value: unknown) => string) => string): this {
    this.parts.push(
      sql((value) => {
        this.params.push(value);
        return `$${this.params.length}`;
      }),
    );
    return this;
  }
  scope(column: string, scope: StoreScope): this {
    return scope.all ? this : this.add((n) => `${column} = any(${n([...scope.storeIds])}::text[])`);
  }
  toString() {
    return this.parts.length > 0 ? `where ${this.parts.join(' and ')}` : '';
  }
}

const rangeWhere = (q: RangeQuery, alias: string, dayColumn = 'day') => {
  const where = new Where()
    .add((n) => `${alias}.${dayColumn} between ${n(q.from)} and ${n(q.to)}`)
    .scope(`${alias}.store_id`, q.scope);
  const channel = q.channel;
  if (channel) where.add((n) => `${alias}.channel = ${n(channel)}`);
  return where;
};

interface DailyRow {
  day: string;
  store_id: string;
  store_name: string | null;
  channel: Channel;
  sales_count: number;
  items: number;
  gross: number;
  taxes: number;
  refunds_count: number;
  refunds: number;
}

interface SessionDbRow {
  session_id: string;
  store_id: string;
  store_name: string | null;
  register_id: string;
  cashier_id: string;
  status: 'open' | 'closed';
  currency: string;
  opening_float: number;
  opened_at: Timestamp;
  opened_day: string;
  closed_at: Timestamp | null;
  expected_cash: number | null;
  counted_cash: number | null;
  difference: number | null;
}

/** The read models' reads, on the pool. */
export function reportReader(db: Queryable): ReportReader {
  return {
    async dailySales(q) {
      const where = rangeWhere(q, 'd');
      const { rows } = await db.query<DailyRow>(
        `select d.day, d.store_id, s.name as store_name, d.channel, d.sales_count, d.items, d.gross, d.taxes,
                d.refunds_count, d.refunds
         from daily_sales d left join report_store s on s.store_id = d.store_id
         ${where} order by d.day, d.store_id, d.channel`,
        where.params,
      );
      return rows.map((r) => ({
        day: r.day,
        storeId: storeOrNull(r.store_id),
        storeName: r.store_name,
        channel: r.channel,
        salesCount: r.sales_count,
        items: r.items,
        gross: r.gross,
        taxes: r.taxes,
        refundsCount: r.refunds_count,
        refunds: r.refunds,
      }));
    },
    async topProducts(q) {
      const where = rangeWhere(q, 'p');
      const order = q.by === 'revenue' ? 'revenue desc, quantity desc' : 'quantity desc, revenue desc';
      const { rows } = await db.query<{ sku: string; name: string; quantity: number; revenue: number }>(
        `select p.sku, (array_agg(p.name order by p.day desc))[1] as name,
                sum(p.quantity)::bigint as quantity, sum(p.revenue)::bigint as revenue
         from daily_products p ${where}
         group by p.sku order by ${order}, p.sku limit ${Number(q.limit)}`,
        where.params,
      );
      return rows;
    },
    async stockAlerts(q) {
      const where = new Where().scope('a.store_id', q.scope);
      const locationId = q.locationId;
      if (locationId) where.add((n) => `a.location_id = ${n(locationId)}`);
      const { rows } = await db.query<{
        sku: string;
        location_id: string;
        store_id: string | null;
        store_name: string | null;
        available: number;
        threshold: number;
        raised_at: Timestamp;
      }>(
        `select a.sku, a.location_id, a.store_id, s.name as store_name, a.available, a.threshold, a.raised_at
         from stock_alert a left join report_store s on s.store_id = a.store_id
         ${where} order by a.store_id nulls first, a.location_id, a.sku`,
        where.params,
      );
      return rows.map((r) => ({
        sku: r.sku,
        locationId: r.location_id,
        storeId: r.store_id,
        storeName: r.store_name,
        available: r.available,
        threshold: r.threshold,
        raisedAt: iso(r.raised_at),
      }));
    },
    async sessions(q) {
      const where = new Where()
        .add((n) => `r.opened_day between ${n(q.from)} and ${n(q.to)}`)
        .scope('r.store_id', q.scope);
      const { rows } = await db.query<SessionDbRow>(
        `select r.*, s.name as store_name
         from register_session r left join report_store s on s.store_id = r.store_id
         ${where} order by r.opened_at, r.session_id`,
        where.params,
      );
      return rows.map((r) => ({
        id: r.session_id,
        storeId: r.store_id,
        storeName: r.store_name,
        registerId: r.register_id,
        cashierId: r.cashier_id,
        status: r.status,
        currency: r.currency,
        openingFloat: r.opening_float,
        openedAt: iso(r.opened_at),
        openedDay: r.opened_day,
        closedAt: isoOrNull(r.closed_at),
        expectedCash: r.expected_cash,
        countedCash: r.counted_cash,
        difference: r.difference,
      }));
    },
  };
}
