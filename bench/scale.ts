/**
 * Scale-out: the POS sale with one, then two replicas of ordering — the service a sale spends
 * most of its time in (it orchestrates cart, stores, inventory and payments) — everything else
 * as `start:services` runs it. The ratio says how much a second replica buys on this machine.
 *
 * BENCH_SCALE_SERVICE (ordering), BENCH_SECONDS. Standalone: `npm run bench:scale`.
 */
import type { JourneyResult } from './lib/platform.ts';
import { benchMode } from './lib/platform.ts';
import { posSale } from './pos.ts';

export interface ScaleOutResult {
  service: string;
  one?: JourneyResult;
  two?: JourneyResult;
  twoOverOne?: number;
  skipped?: string;
}

export async function scaleOut(seconds: number): Promise<ScaleOutResult> {
  const service = process.env.BENCH_SCALE_SERVICE ?? 'ordering';
  if (benchMode() === 'embedded') {
    console.log('\nScale-out: skipped — embedded, every service is one process (BENCH_MODE=embedded)');
    return { service, skipped: 'embedded' };
  }
  const replicas = (n: number) => ({ [`${service.toUpperCase()}_REPLICAS`]: String(n) });
  const one = await posSale(seconds, { env: replicas(1), label: `1 replica of ${service}` });
  const two = await posSale(seconds, { env: replicas(2), label: `2 replicas of ${service}` });
  const twoOverOne = two.sale.perSecond / one.sale.perSecond;
  console.log(
    `\nScale-out of ${service}: ${one.sale.perSecond.toFixed(1)} → ${two.sale.perSecond.toFixed(1)} sales/s, 2 replicas / 1 = ${twoOverOne.toFixed(2)}×`,
  );
  return { service, one: one.sale, two: two.sale, twoOverOne };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await scaleOut(Number(process.env.BENCH_SECONDS ?? 10));
}
