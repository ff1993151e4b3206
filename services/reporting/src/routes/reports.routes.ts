import { type HttpApp, principalOf, problems } from '@comptoir/platform';
import type { Reports } from '../domain/reports.ts';
import { jsonOrCsv, sendCsv, wantsCsv } from './csv.ts';
import {
  BasketsReport,
  RangeQuery,
  SalesReport,
  SessionsQuery,
  SessionsReport,
  StockAlertsQuery,
  StockAlertsReport,
  TopProductsQuery,
  TopProductsReport,
} from './schemas.ts';

const tags = ['reports'];
const WHO =
  'Head office sees every store (and the online shop); a store manager their own stores — another store is a 403 ' +
  '`REPORTING_NOT_YOUR_STORE`; anyone else a 403. A day that does not exist, `to` before `from` or a range ' +
  'longer than the maximum is a 400 `REPORTING_INVALID_RANGE`. `?format=csv` or `Accept: text/csv` gives CSV.';
const ERRORS = problems(400, 401, 403);

export function reportRoutes(app: HttpApp, reports: Reports): void {
  app.get(
    '/sales',
    {
      schema: {
        summary: 'Sales per store, day and channel, with totals',
        description:
          `Counts, gross (taxes included), taxes, refunds and net per local day, store and channel (pos, online), ` +
          `and their totals over the range: the revenue. ${WHO}`,
        tags,
        operationId: 'salesReport',
        querystring: RangeQuery,
        response: { ...jsonOrCsv(SalesReport, 'The report.'), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const report = await reports.sales(principalOf(request, reply), filter);
      if (!wantsCsv(request, format)) return report;
      return sendCsv(
        reply,
        `sales-${report.from}-${report.to}`,
        [
          'day',
          'storeId',
          'storeName',
          'channel',
          'salesCount',
          'items',
          'grossCents',
          'taxesCents',
          'refundsCount',
          'refundsCents',
          'netCents',
          'averageBasketCents',
        ],
        report.rows,
      );
    },
  );

  app.get(
    '/baskets',
    {
      schema: {
        summary: 'Average basket per day',
        description: `Sales, units and the average basket (gross per sale) per day, all stores in scope together. ${WHO}`,
        tags,
        operationId: 'basketsReport',
        querystring: RangeQuery,
        response: { ...jsonOrCsv(BasketsReport, 'The report.'), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const report = await reports.baskets(principalOf(request, reply), filter);
      if (!wantsCsv(request, format)) return report;
      return sendCsv(
        reply,
        `baskets-${report.from}-${report.to}`,
        ['day', 'salesCount', 'items', 'grossCents', 'averageBasketCents', 'averageItems'],
        report.rows,
      );
    },
  );

  app.get(
    '/top-products',
    {
      schema: {
        summary: 'Best-selling products',
        description: `Products ranked by units sold (\`by=quantity\`) or revenue (\`by=revenue\`, pre-tax). ${WHO}`,
        tags,
        operationId: 'topProductsReport',
        querystring: TopProductsQuery,
        response: { ...jsonOrCsv(TopProductsReport, 'The ranking.'), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const report = await reports.topProducts(principalOf(request, reply), filter);
      if (!wantsCsv(request, format)) return report;
      return sendCsv(
        reply,
        `top-products-${report.from}-${report.to}`,
        ['rank', 'sku', 'name', 'quantity', 'revenueCents'],
        report.items,
      );
    },
  );

  app.get(
    '/stock-alerts',
    {
      schema: {
        summary: 'Products below their low-stock threshold, per location',
        description:
          'The alerts open now: raised by inventory’s `stock.low`, gone once a movement brings the level back to ' +
          'its threshold. Head office sees every location; a store manager their stores’ (not the online warehouse). ' +
          '`?format=csv` or `Accept: text/csv` gives CSV.',
        tags,
        operationId: 'stockAlertsReport',
        querystring: StockAlertsQuery,
        response: { ...jsonOrCsv(StockAlertsReport, 'The open alerts.'), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const report = await reports.stockAlerts(principalOf(request, reply), filter);
      if (!wantsCsv(request, format)) return report;
      return sendCsv(
        reply,
        'stock-alerts',
        ['sku', 'locationId', 'storeId', 'storeName', 'available', 'threshold', 'raisedAt'],
        report.items,
      );
    },
  );

  app.get(
    '/sessions',
    {
      schema: {
        summary: 'Cash sessions opened in the range',
        description: `Each register session: opened when and with what float, and at close the expected cash, the count and the difference. ${WHO}`,
        tags,
        operationId: 'sessionsReport',
        querystring: SessionsQuery,
        response: { ...jsonOrCsv(SessionsReport, 'The sessions.'), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const report = await reports.sessions(principalOf(request, reply), filter);
      if (!wantsCsv(request, format)) return report;
      return sendCsv(
        reply,
        `sessions-${report.from}-${report.to}`,
        [
          'sessionId',
          'storeId',
          'storeName',
          'registerId',
          'cashierId',
          'status',
          'currency',
          'openedAt',
          'closedAt',
          'openingFloatCents',
          'expectedCashCents',
          'countedCashCents',
          'differenceCents',
        ],
        report.items,
      );
    },
  );
}
