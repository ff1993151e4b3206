/**
 * The mixed workload and its knee: shoppers browsing (80 %), filling a cart (15 %) and checking
 * out (5 %) with no pause, at rising concurrency until the p99 of all calls passes 250 ms. The
 * knee is the last level under it: what the platform serves before it starts to queue.
 *
 * BENCH_SECONDS per level (default 10), BENCH_MIXED_LEVELS (default 1,2,4,8,16,32,64).
 * Standalone: `npm run bench:mixed`.
 */

import { DEMO_PASSWORD } from '../scripts/seed/users.ts';
import { type PlatformOptions, startPlatform } from './lib/platform.ts';
import { runLoad } from './load/run.ts';

const P99_OBJECTIVE_MS = 250;

export interface MixedLevel {
  users: number;
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  checkouts: number;
}

export interface MixedResult {
  mode: string;
  levels: MixedLevel[];
  /** The highest concurrency whose p99 stayed under the objective. */
  knee?: MixedLevel;
}

export async function mixedWorkload(seconds: number, options: PlatformOptions = {}): Promise<MixedResult> {
  const levels = (process.env.BENCH_MIXED_LEVELS ?? '1,2,4,8,16,32,64').split(',').map(Number);
  const platform = await startPlatform(options);
  const results: MixedLevel[] = [];
  try {
    console.log(
      `\nMixed workload (browse 80 %, cart 15 %, checkout 5 %, no think time) through the gateway (${platform.mode}), ${seconds}s per level, until p99 > ${P99_OBJECTIVE_MS} ms`,
    );
    for (const users of levels) {
      const run = await runLoad({
        target: 'http://127.0.0.1:8080',
        users,
        seconds,
        cashiers: 0,
        mix: { browse: 80, cart: 15, checkout: 5 },
        thinkMs: 0,
        customer: { email: 'client@comptoir.local', password: DEMO_PASSWORD },
        staff: [],
      });
      const level = {
        users,
        requestsPerSecond: run.recorder.requests / run.seconds,
        p99Ms: run.recorder.p99Ms,
        errors: run.recorder.errors + run.recorder.limited,
        checkouts: Object.entries(run.outcomes)
          .filter(([outcome]) => outcome.startsWith('order '))
          .reduce((sum, [, n]) => sum + n, 0),
      };
      results.push(level);
      console.log(
        `  ${String(users).padStart(3)} users ${level.requestsPerSecond.toFixed(0).padStart(6)} req/s   p99 ${level.p99Ms.toFixed(1).padStart(7)} ms   errors ${level.errors}   orders ${level.checkouts}`,
      );
      if (level.p99Ms > P99_OBJECTIVE_MS) break;
    }
  } finally {
    await platform.stop();
  }
  const knee = results.filter((level) => level.p99Ms <= P99_OBJECTIVE_MS).at(-1);
  console.log(
    knee
      ? `  knee: ${knee.users} users, ${knee.requestsPerSecond.toFixed(0)} req/s at p99 ${knee.p99Ms.toFixed(1)} ms`
      : `  knee: below ${results[0]?.users ?? 1} user(s) — p99 over ${P99_OBJECTIVE_MS} ms from the first level`,
  );
  return { mode: platform.mode, levels: results, ...(knee ? { knee } : {}) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await mixedWorkload(Number(process.env.BENCH_SECONDS ?? 10));
}
