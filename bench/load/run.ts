/**
 * One load run: shoppers and cashiers working against a gateway for a while, every call recorded.
 * Used by `npm run load` against any deployment and by the mixed-workload bench.
 */
import { demoStores } from '../../scripts/seed/stores-data.ts';
import { DEMO_PASSWORD } from '../../scripts/seed/users.ts';
import { Gateway, JourneyError } from './client.ts';
import { browse, checkout, fillCart, openTill, readShelf, sell, signIn, type Till } from './journeys.ts';
import { Recorder } from './recorder.ts';

export interface LoadOptions {
  /** The gateway's base URL (the API is under `/api`). */
  target: string;
  users: number;
  seconds: number;
  /** How many of the users are cashiers, each at a register of their own. */
  cashiers: number;
  /** A shopper's visit: shares of browse, cart and checkout (they need not sum to 1). */
  mix: { browse: number; cart: number; checkout: number };
  /** Pause between a user's visits, in ms (0: as fast as the platform answers). */
  thinkMs: number;
  customer: { email: string; password: string };
  /** Store staff for the tills: email and which of their store's registers. */
  staff: { email: string; register: number; password: string }[];
  onProgress?: (elapsedSeconds: number, recorder: Recorder) => void;
}

export interface LoadResult {
  seconds: number;
  recorder: Recorder;
  /** How visits and sales ended: `confirmed`, `cancelled`, `sold`, `out of stock`, `failed`… */
  outcomes: Record<string, number>;
  /** First few failures, for the summary. */
  failures: string[];
}

/** The demo chain's staff: each store's cashier at register 1, its manager at register 2. */
export const demoStaff = (password = DEMO_PASSWORD) => [
  ...demoStores.map((store) => ({ email: store.staff.cashier, register: 0, password })),
  ...demoStores.map((store) => ({ email: store.staff.manager, register: 1, password })),
];

export const demoCustomer = (password = DEMO_PASSWORD) => ({ email: 'client@comptoir.local', password });

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const recorder = new Recorder();
  // A sold-out product is an answer, not a failure of the platform.
  recorder.accept('ordering: sale', 409);
  const gateway = new Gateway(`${options.target.replace(/\/$/, '')}/api`, recorder);
  const outcomes: Record<string, number> = {};
  const failures: string[] = [];
  const count = (outcome: string) => {
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  };
  const fail = (error: unknown) => {
    if (error instanceof JourneyError && error.status === 429) return count('rate-limited');
    count('failed');
    if (failures.length < 5) failures.push(error instanceof JourneyError ? error.message : String(error));
  };

  const shelf = await readShelf(gateway);
  const customerToken =
    options.mix.checkout > 0 ? await signIn(gateway, options.customer.email, options.customer.password) : '';
  const tills: Till[] = [];
  for (const member of options.staff.slice(0, Math.min(options.cashiers, options.users))) {
    const till = await openTill(
      gateway,
      await signIn(gateway, member.email, member.password),
      member.register,
    );
    if (till) tills.push(till);
  }

  const total = options.mix.browse + options.mix.cart + options.mix.checkout;
  const visit = async () => {
    const draw = Math.random() * total;
    if (draw < options.mix.browse) {
      await browse(gateway, shelf);
      count('browsed');
    } else if (draw < options.mix.browse + options.mix.cart) {
      await fillCart(gateway, shelf);
      count('cart filled');
    } else {
      count(`order ${await checkout(gateway, shelf, customerToken)}`);
    }
  };

  const started = performance.now();
  const until = started + options.seconds * 1000;
  const ticker = setInterval(() => options.onProgress?.((performance.now() - started) / 1000, recorder), 250);
  const loop = async (work: () => Promise<void>) => {
    while (performance.now() < until) {
      try {
        await work();
      } catch (error) {
        fail(error);
      }
      if (options.thinkMs > 0)
        await new Promise((resolve) => setTimeout(resolve, options.thinkMs * (0.5 + Math.random())));
    }
  };
  try {
    await Promise.all([
      ...tills.map((till) => loop(async () => count(await sell(gateway, shelf, till)))),
      ...Array.from({ length: Math.max(0, options.users - tills.length) }, () => loop(visit)),
    ]);
  } finally {
    clearInterval(ticker);
  }
  options.onProgress?.(options.seconds, recorder);
  return { seconds: (performance.now() - started) / 1000, recorder, outcomes, failures };
}

/** The run as a table: per step, count, p50, p99, max and statuses; then outcomes and errors. */
export function printSummary(result: LoadResult, print: (line: string) => void = console.log): void {
  const { recorder } = result;
  print('');
  print(
    `${'step'.padEnd(26)} ${'calls'.padStart(7)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'max ms'.padStart(9)}  statuses`,
  );
  for (const step of recorder.summary()) {
    const statuses = Object.entries(step.statuses)
      .map(([status, n]) => `${status === '0' ? 'network' : status}×${n}`)
      .join(' ');
    print(
      `${step.step.padEnd(26)} ${String(step.count).padStart(7)} ${step.p50Ms.toFixed(1).padStart(9)} ${step.p99Ms.toFixed(1).padStart(9)} ${step.maxMs.toFixed(1).padStart(9)}  ${statuses}`,
    );
  }
  print('');
  print(
    `${recorder.requests} requests in ${result.seconds.toFixed(1)} s (${(recorder.requests / result.seconds).toFixed(1)}/s), p99 ${recorder.p99Ms.toFixed(1)} ms, errors ${recorder.errors}`,
  );
  print(
    `outcomes: ${Object.entries(result.outcomes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([outcome, n]) => `${outcome} ${n}`)
      .join(' · ')}`,
  );
  if (recorder.limited > 0)
    print(
      `rate-limited: ${recorder.limited} answers were 429 — the gateway's limiter, not a failure; for a capacity run start the target with GATEWAY_RATE_LIMIT=off`,
    );
  for (const failure of result.failures) print(`  failure: ${failure}`);
}
