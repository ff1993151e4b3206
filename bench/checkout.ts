/**
 * The online checkout, end to end: the whole platform as `npm start` runs it (the saga in its
 * workers, the in-process bus), N customers checking out at once through the gateway, each
 * order followed until it is settled. Reported: orders/s reaching `confirmed` and the p50/p99 time
 * from `POST /api/ordering/orders` to `confirmed`, against a reference in the same run: a lone
 * card payment through the same gateway at the same concurrency.
 *
 * BENCH_SECONDS (10) per phase, BENCH_CUSTOMERS (6). Standalone: `npm run bench:checkout`.
 */
import { DEMO_ADMIN, DEMO_PASSWORD } from '../scripts/seed/users.ts';
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

const SKUS = ['CUI-001-1', 'CUI-002-1', 'CUI-003-1', 'CUI-004-1'];
const CARD = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' };
const address = {
  name: 'Banc d’essai',
  line1: '1, rue du Banc',
  city: 'Montréal',
  region: 'QC',
  postalCode: 'H2J 2J3',
  country: 'CA',
};

interface Customer {
  token: string;
  turn: number;
}

async function signIn(email: string, password: string): Promise<string> {
  const { accessToken } = await call<{ accessToken: string }>('POST', '/identity/sessions', {
    email,
    password,
  });
  return accessToken;
}

/** Customers made by head office (verified), and deep online shelves of a few skus. */
async function prepare(count: number): Promise<Customer[]> {
  const admin = await signIn(DEMO_ADMIN.email, DEMO_PASSWORD);
  await call(
    'POST',
    '/inventory/receipts',
    { locationId: 'loc_online', lines: SKUS.map((sku) => ({ sku, quantity: 100_000 })), reference: 'BENCH' },
    admin,
  );
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench.${Date.now().toString(36)}.${i}@comptoir.test`;
    const password = 'Banc-essai-checkout-42';
    await call(
      'POST',
      '/identity/users',
      { email, password, displayName: `Client ${i}`, roles: ['customer'], emailVerified: true },
      admin,
    );
    customers.push({ token: await signIn(email, password), turn: i });
  }
  return customers;
}

/** One order, followed until settled; resolves to the time to `confirmed` (anything else throws). */
async function checkoutOnce(customer: Customer): Promise<number> {
  const sku = SKUS[customer.turn++ % SKUS.length]!;
  const started = performance.now();
  const { orderId } = await call<{ orderId: string }>(
    'POST',
    '/ordering/orders',
    { lines: [{ sku, quantity: 1 }], shippingAddress: address, payment: { method: 'card', card: CARD } },
    customer.token,
    { 'idempotency-key': newId('chk') },
  );
  for (;;) {
    const order = await call<{ status: string; cancelReason: string | null }>(
      'GET',
      `/ordering/orders/${orderId}`,
      undefined,
      customer.token,
    );
    if (order.status === 'confirmed') return performance.now() - started;
    if (order.status !== 'pending')
      throw new Error(`order ${orderId} ${order.status} (${order.cancelReason})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function payOnce(customer: Customer): Promise<number> {
  const started = performance.now();
  const id = newId('ord');
  await call(
    'POST',
    '/payments/payments',
    { amount: cad(4599), method: 'card', reference: { kind: 'order', id }, card: CARD },
    customer.token,
    { 'idempotency-key': id },
  );
  return performance.now() - started;
}

export interface CheckoutResult {
  customers: number;
  mode: string;
  orders: JourneyResult;
  payment: JourneyResult;
  pgbench?: PgbenchResult;
}

export async function checkout(seconds: number, options: PlatformOptions = {}): Promise<CheckoutResult> {
  const count = Number(process.env.BENCH_CUSTOMERS ?? 6);
  const platform = await startPlatform(options);
  try {
    const customers = await prepare(count);
    await drive('warm-up', customers, 3, checkoutOnce);
    console.log(
      `\nOnline checkout through the gateway (${platform.mode}), ${count} customers at once, ${seconds}s each`,
    );
    const payment = await drive('reference: one card payment', customers, seconds, payOnce);
    const orders = await drive('order to confirmed (saga)', customers, seconds, checkoutOnce);
    console.log(resultLine(payment, payment));
    console.log(resultLine(orders, payment));
    console.log(
      `  orders confirmed/s ${orders.perSecond.toFixed(1)}, time to confirmed p99 ${orders.p99Ms.toFixed(1)} ms; order / lone payment throughput ${(orders.perSecond / payment.perSecond).toFixed(2)}×`,
    );
    const pgbench = platform.databaseUrl ? runPgbench(platform.databaseUrl, count, seconds) : undefined;
    if (pgbench)
      console.log(
        `  pgbench (TPC-B-like, ${count} clients, same server): ${pgbench.tps.toFixed(0)} tps; orders/s ÷ pgbench tps = ${(orders.perSecond / pgbench.tps).toFixed(4)}`,
      );
    return { customers: count, mode: platform.mode, orders, payment, ...(pgbench ? { pgbench } : {}) };
  } finally {
    await platform.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await checkout(Number(process.env.BENCH_SECONDS ?? 10));
}
