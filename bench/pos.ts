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
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoStores } from '../scripts/seed/stores-data.ts';
import { DEMO_PASSWORD } from '../scripts/seed/users.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const api = 'http://127.0.0.1:8080/api';
const cad = (amount: number) => ({ amount, currency: 'CAD' });
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const newId = (prefix: string) =>
  `${prefix}_0${Array.from(randomBytes(25), (byte) => CROCKFORD[byte % 32]).join('')}`;

interface Till {
  token: string;
  sessionId: string;
  skus: string[];
  turn: number;
}

export interface PosResult {
  label: string;
  count: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { ...extra };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${api}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

function startPlatform(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, COMPTOIR_DATA_DIR: dataDir, GATEWAY_RATE_LIMIT: 'off', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Comptoir is up')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the platform exited (${code}) before it was up`)));
  });
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

async function drive(
  label: string,
  tills: Till[],
  seconds: number,
  once: (till: Till) => Promise<number>,
): Promise<PosResult> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    tills.map(async (till) => {
      while (performance.now() < until) {
        try {
          latencies.push(await once(till));
        } catch (error) {
          errors++;
          if (errors <= 3) console.error(`  ${label}: ${(error as Error).message.slice(0, 300)}`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    label,
    count: latencies.length,
    perSecond: latencies.length / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
  };
}

const line = (r: PosResult, reference?: PosResult) =>
  `  ${r.label.padEnd(34)} ${r.perSecond.toFixed(1).padStart(8)} /s   p50 ${r.p50Ms.toFixed(1).padStart(7)} ms   p99 ${r.p99Ms.toFixed(1).padStart(7)} ms   n ${String(r.count).padStart(5)}   errors ${r.errors}   ${reference ? `${(r.perSecond / reference.perSecond).toFixed(2)}×` : ''}`;

export async function posSale(seconds: number): Promise<void> {
  const registers = Number(process.env.BENCH_POS_REGISTERS ?? 6);
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-bench-pos-'));
  let platform: ChildProcess | undefined;
  try {
    platform = await startPlatform(dataDir);
    const tills: Till[] = [];
    for (let i = 0; i < registers; i++)
      tills.push(await openTill(demoStores[i % demoStores.length]!, Math.floor(i / demoStores.length) % 2));
    await drive('warm-up', tills, 3, sellOnce);
    console.log(
      `\nPOS sale through the gateway, the whole platform in one process (npm start), ${registers} registers at once, ${seconds}s each`,
    );
    const payment = await drive('reference: one cash payment', tills, seconds, payOnce);
    const sale = await drive('sale (cart, 2 lines, POST /sales)', tills, seconds, sellOnce);
    console.log(line(payment, payment));
    console.log(line(sale, payment));
    console.log(
      `  sales/s ${sale.perSecond.toFixed(1)}, POST /sales p99 ${sale.p99Ms.toFixed(1)} ms; sale / lone payment throughput ${(sale.perSecond / payment.perSecond).toFixed(2)}×`,
    );
  } finally {
    if (platform && platform.exitCode === null) {
      const exited = new Promise((resolve) => platform?.once('exit', resolve));
      platform.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await posSale(Number(process.env.BENCH_SECONDS ?? 10));
}
