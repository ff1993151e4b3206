/**
 * The reports this screen reads, through the app's one API module. Each section loads on its own,
 * so one report failing leaves the others on screen.
 */
import type { Ok } from '@comptoir/sdk';
import { call } from '../lib/api.ts';
import type { ReportFilter } from './use-report-filter.ts';

export type SalesReport = Ok<'reporting.salesReport'>;
export type TopProductsReport = Ok<'reporting.topProductsReport'>;
export type StockAlertsReport = Ok<'reporting.stockAlertsReport'>;
export type SessionsReport = Ok<'reporting.sessionsReport'>;
export type Ranking = 'quantity' | 'revenue';
export interface StoreChoice {
  id: string;
  name: string;
}

const storeOf = (filter: ReportFilter) => (filter.store ? { store: filter.store } : {});
const channelOf = (filter: ReportFilter) => (filter.channel ? { channel: filter.channel } : {});
const rangeQuery = (filter: ReportFilter) => ({ ...filter.range, ...storeOf(filter), ...channelOf(filter) });

/*
 * The reports declare two media types (JSON and CSV), so openapi-fetch types an answer as either;
 * these calls parse JSON (its default), hence the narrowing to the JSON shape.
 */

export const loadSales = (filter: ReportFilter) =>
  call((api) =>
    api.GET('/api/reporting/sales', { params: { query: rangeQuery(filter) } }),
  ) as Promise<SalesReport>;

export const loadTopProducts = (filter: ReportFilter, by: Ranking) =>
  call((api) =>
    api.GET('/api/reporting/top-products', { params: { query: { ...rangeQuery(filter), by, limit: 10 } } }),
  ) as Promise<TopProductsReport>;

export const loadStockAlerts = (filter: ReportFilter) =>
  call((api) =>
    api.GET('/api/reporting/stock-alerts', { params: { query: storeOf(filter) } }),
  ) as Promise<StockAlertsReport>;

const loadSessionsReport = (filter: ReportFilter) =>
  call((api) =>
    api.GET('/api/reporting/sessions', { params: { query: { ...filter.range, ...storeOf(filter) } } }),
  ) as Promise<SessionsReport>;

/** Register names by id, for the stores given; a store whose registers cannot be read shows ids. */
async function registerNames(storeIds: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const pages = await Promise.allSettled(
    storeIds.map((id) =>
      call((api) =>
        api.GET('/api/stores/stores/{id}/registers', { params: { path: { id }, query: { limit: 100 } } }),
      ),
    ),
  );
  for (const page of pages)
    if (page.status === 'fulfilled')
      for (const register of page.value.items) names.set(register.id, register.name);
  return names;
}

/** The cash sessions of the period, with their registers' names (reporting knows only the ids). */
export async function loadSessions(
  filter: ReportFilter,
): Promise<SessionsReport & { registerNames: Map<string, string> }> {
  const report = await loadSessionsReport(filter);
  const stores = [...new Set(report.items.map((session) => session.storeId))];
  return { ...report, registerNames: await registerNames(stores) };
}

/** The stores the caller may report on: every store for head office, a manager's own otherwise. */
export async function loadStoreChoices(): Promise<StoreChoice[]> {
  const stores: StoreChoice[] = [];
  let cursor: string | undefined;
  do {
    const page = await call((api) =>
      api.GET('/api/stores/stores', {
        params: { query: { mine: true, limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    );
    stores.push(...page.items.map((store) => ({ id: store.id, name: store.name })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return stores.sort((a, b) => a.name.localeCompare(b.name));
}

export type CsvReport = 'sales' | 'top-products' | 'stock-alerts' | 'sessions';

/**
 * One report as the service's CSV (same rows and figures as the screen, amounts in cents), with
 * the file name the service gives it. Fetched with the caller's token: a plain link would carry none.
 */
export async function fetchCsv(
  report: CsvReport,
  filter: ReportFilter,
  by: Ranking,
): Promise<{ text: string; fileName: string }> {
  const csv = { format: 'csv' as const };
  const answer = await (() => {
    switch (report) {
      case 'sales':
        return call((api) =>
          api.GET('/api/reporting/sales', {
            params: { query: { ...rangeQuery(filter), ...csv } },
            parseAs: 'text',
          }),
        );
      case 'top-products':
        return call((api) =>
          api.GET('/api/reporting/top-products', {
            params: { query: { ...rangeQuery(filter), by, limit: 100, ...csv } },
            parseAs: 'text',
          }),
        );
      case 'stock-alerts':
        return call((api) =>
          api.GET('/api/reporting/stock-alerts', {
            params: { query: { ...storeOf(filter), ...csv } },
            parseAs: 'text',
          }),
        );
      case 'sessions':
        return call((api) =>
          api.GET('/api/reporting/sessions', {
            params: { query: { ...filter.range, ...storeOf(filter), ...csv } },
            parseAs: 'text',
          }),
        );
    }
  })();
  const range = report === 'stock-alerts' ? '' : `-${filter.range.from}-${filter.range.to}`;
  return { text: String(answer), fileName: `${report}${range}.csv` };
}
