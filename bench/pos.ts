/**
 * The POS sale, end to end: the whole platform as `npm start` runs it (one process, demo data),
 * behind its gateway, and N registers selling at once — each sale is a fresh cart, two lines and
 * `POST /api/ordering/sales` paid in cash, so it crosses cart, catalog, stores, inventory,
 * payments and ordering. Reported: sales/s and the sale call's p50/p99, against a reference in
 * the same run — a lone cash payment through the same gateway at the same concurrency (the
 * smallest write of the chain), so the ratio says what orchestrating the sale costs.
 *
 * BENCH_SECONDS (10) per phase, BENCH_POS_REGISTERS (6: two per demo store).
 * Standalone: `npx tsx bench/pos.ts`.
 */
import { demoStores } from '../scripts/seed/stores-data.ts';
import { DEMO_PASSWORD } from '../scripts/seed/users.ts';
import { type PgbenchResult, runPgbench } from './lib/pgbench.ts';
import {
  cad,
  call,
  drive,
  type JourneyResult,
  newId,
  type PlatformOptions,
  resultLine,
  startPlatform,
} from './lib/platform.ts';

interface Till {
  token: string;
  sessionId: string;
  skus: string[];
  turn: number;
}

/** A register with an open session, its staff member signed in, and deep shelves of a few skus. */
async function openTill(store: (typeof demoStores)[number], registerIndex: number): Promise<Till> {
  const email = registerIndex === 0 ? store.staff.cashier : store.staff.manager;
  const { accessToken: token } = await call<{ accessToken: string }>('POST', '/identity/sessions', {
    email,
    password: DEMO_PASSWORD,
  });
  const manager = await call<{ accessToken: string }>('POST', '/identity/sessions', {
    email: store.staff.manager,
    password: DEMO_PASSWORD,
  });
  const stores = await call<{ items: { id: string; code: string }[] }>('GET', '/stores/stores?limit=100');
  const storeId = stores.items.find((s) => s.code === store.code)!.id;
  const registers = await call<{ items: { id: string }[] }>(
    'GET',
    `/stores/stores/${storeId}/registers`,
    undefined,
    token,
  );
  const session = await call<{ id: string }>(
    'POST',
    `/stores/registers/${registers.items[registerIndex]!.id}/sessions`,
    { openingFloat: cad(20_000) },
    token,
  );
  const location = await call<{ items: { id: string }[] }>('GET', `/inventory/locations?storeId=${storeId}`);
  const skus = [1, 2, 3, 4].flatMap((p) => [1, 2].map((v) => `MOB-00${p}-${v}`));
  if (registerIndex === 0) {
    await call(
      'POST',
      '/inventory/receipts',
      {
        locationId: location.items[0]!.id,
        lines: skus.map((sku) => ({ sku, quantity: 100_000 })),
        reference: 'BENCH',
      },
      manager.accessToken,
    );
  }
  return { token, sessionId: session.id, skus, turn: 0 };
}

/** One sale at a till: a fresh cart, two lines, paid in cash. Resolves to the sale call's latency. */
async function sellOnce(till: Till): Promise<number> {
  const cart = await call<{ id: string; total: { amount: number } }>(
    'POST',
    '/cart/carts',
    { sessionId: till.sessionId },
    till.token,
  );
  const first = till.skus[till.turn++ % till.skus.length]!;
  const second = till.skus[till.turn++ % till.skus.length]!;
  await call('POST', `/cart/carts/${cart.id}/lines`, { sku: first, quantity: 1 }, till.token);
  const filled = await call<{ total: { amount: number } }>(
    'POST',
    `/cart/carts/${cart.id}/lines`,
    { sku: second, quantity: 2 },
    till.token,
  );
  const saleId = newId('sal');
  const started = performance.now();
  await call(
    'POST',
    '/ordering/sales',
    {
      saleId,
      cartId: cart.id,
      payment: { method: 'cash', tendered: cad(filled.total.amount + 1000) },
    },
    till.token,
    { 'idempotency-key': saleId },
  );
  return performance.now() - started;
}

async function payOnce(till: Till): Promise<number> {
  const started = performance.now();
  const key = newId('sal');
  await call(
    'POST',
    '/payments/payments',
    {
      amount: cad(5113),
      method: 'cash',
      reference: { kind: 'sale', id: key },
      tendered: cad(6000),
    },
    till.token,
    { 'idempotency-key': key },
  );
  return performance.now() - started;
}

export interface PosSaleResult {
  registers: number;
  mode: string;
  sale: JourneyResult;
  payment: JourneyResult;
  pgbench?: PgbenchResult;
}

export async function posSale(
  seconds: number,
  options: PlatformOptions & { label?: string } = {},
): Promise<PosSaleResult> {
  const registers = Number(process.env.BENCH_POS_REGISTERS ?? 6);
  const platform = await startPlatform(options);
  try {
    const tills: Till[] = [];
    for (let i = 0; i < registers; i++)
      tills.push(await openTill(demoStores[i % demoStores.length]!, Math.floor(i / demoStores.length) % 2));
    await drive('warm-up', tills, 3, sellOnce);
    console.log(
      `\nPOS sale through the gateway (${options.label ?? platform.mode}), ${registers} registers at once, ${seconds}s each`,
    );
    const payment = await drive('reference: one cash payment', tills, seconds, payOnce);
    const sale = await drive('sale (cart, 2 lines, POST /sales)', tills, seconds, sellOnce);
    console.log(resultLine(payment, payment));
    console.log(resultLine(sale, payment));
    console.log(
      `  sales/s ${sale.perSecond.toFixed(1)}, POST /sales p99 ${sale.p99Ms.toFixed(1)} ms; sale / lone payment throughput ${(sale.perSecond / payment.perSecond).toFixed(2)}×`,
    );
    // The database alone, same server, same concurrency, measured once the platform is idle.
    const pgbench = platform.databaseUrl ? runPgbench(platform.databaseUrl, registers, seconds) : undefined;
    if (pgbench)
      console.log(
        `  pgbench (TPC-B-like, ${registers} clients, same server): ${pgbench.tps.toFixed(0)} tps; sales/s ÷ pgbench tps = ${(sale.perSecond / pgbench.tps).toFixed(4)}`,
      );
    return {
      registers,
      mode: options.label ?? platform.mode,
      sale,
      payment,
      ...(pgbench ? { pgbench } : {}),
    };
  } finally {
    await platform.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await posSale(Number(process.env.BENCH_SECONDS ?? 10));
}
