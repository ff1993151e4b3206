import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  body,
  newId,
  START_TIMEOUT_MS,
  saleOf,
  startReporting,
  type TestReporting,
} from './reporting.fixture.ts';

let reporting: TestReporting;
const mine = newId('sto');
const theirs = newId('sto');
const range = 'from=2026-07-01&to=2026-07-01';

beforeAll(async () => {
  reporting = await startReporting({ REPORTING_MAX_RANGE_DAYS: '31' });
  for (const store of [mine, theirs]) {
    const sale = saleOf(
      store,
      [{ sku: 'CHR-001', quantity: 1, unitPrice: 1000 }],
      '2026-07-01T15:00:00.000Z',
    );
    await reporting.publish('sale.completed', sale, sale.saleId);
  }
}, START_TIMEOUT_MS);
afterAll(() => reporting?.close());

const problem = (response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) => ({
  status: response.statusCode,
  mediaType: String(response.headers['content-type']).split(';')[0],
  ...(response.json() as { code?: string }),
});

describe('who sees which figures', () => {
  it('head office sees every store', async () => {
    const { rows } = body<{ rows: { storeId: string }[] }>(await reporting.get(`/sales?${range}`), 200);
    expect(rows.map((r) => r.storeId).sort()).toEqual([mine, theirs].sort());
  });

  it('a store manager sees their own store only, by default and when naming it', async () => {
    const manager = await reporting.manager([mine]);
    for (const url of [`/sales?${range}`, `/sales?${range}&store=${mine}`]) {
      const { rows } = body<{ rows: { storeId: string }[] }>(await reporting.get(url, manager), 200);
      expect(rows.map((r) => r.storeId)).toEqual([mine]);
    }
  });

  it('a store manager asking for another store is refused with 403 REPORTING_NOT_YOUR_STORE', async () => {
    const manager = await reporting.manager([mine]);
    for (const path of ['/sales', '/top-products', '/baskets', '/sessions', '/stock-alerts']) {
      const response = await reporting.get(`${path}?store=${theirs}`, manager);
      expect(problem(response), path).toMatchObject({
        status: 403,
        mediaType: 'application/problem+json',
        code: 'REPORTING_NOT_YOUR_STORE',
      });
    }
  });

  it('cashiers, customers and sellers are refused; no token is a 401', async () => {
    for (const role of ['cashier', 'customer', 'seller'] as const) {
      const headers = await reporting.as({ roles: [role], storeIds: [mine] });
      expect(problem(await reporting.get(`/sales?${range}`, headers))).toMatchObject({
        status: 403,
        code: 'REPORTING_FORBIDDEN',
      });
    }
    expect((await reporting.get(`/sales?${range}`, {})).statusCode).toBe(401);
  });
});

describe('date ranges', () => {
  it.each([
    ['a day that does not exist', 'from=2026-02-30&to=2026-03-01', '/querystring/from'],
    ['to before from', 'from=2026-03-02&to=2026-03-01', '/querystring/to'],
    ['longer than the maximum', 'from=2026-01-01&to=2026-03-01', '/querystring/to'],
  ])('%s is a 400 naming the field', async (_, query, pointer) => {
    const response = await reporting.get(`/sales?${query}`);
    expect(problem(response)).toMatchObject({
      status: 400,
      mediaType: 'application/problem+json',
      code: 'REPORTING_INVALID_RANGE',
      errors: [expect.objectContaining({ pointer })],
    });
  });

  it('a malformed date, an unknown channel or an unknown parameter is a 400 problem', async () => {
    for (const query of ['from=yesterday', 'channel=phone', 'shop=1', 'limit=0']) {
      const response = await reporting.get(`/top-products?${query}`);
      expect(problem(response), query).toMatchObject({ status: 400, mediaType: 'application/problem+json' });
    }
  });

  it('without dates, the last 30 days up to today in the reports’ time zone', async () => {
    const report = body<{ from: string; to: string }>(await reporting.get('/sales'), 200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date());
    expect(report.to).toBe(today);
    expect((Date.parse(report.to) - Date.parse(report.from)) / 86_400_000).toBe(29);
  });
});
