/**
 * Payments answers 2 s late (every chunk held by the fault-injecting balancer in front of its
 * replicas, which ordering calls through) for 25 s. Ordering gives payments 1.5 s per attempt
 * (ORDERING_PAYMENTS_TIMEOUT_MS in the cluster), so calls time out, its circuit breaker opens and
 * a sale fails fast with `503 ORDERING_PAYMENT_UNAVAILABLE` (stock given back); once payments is
 * quick again the breaker closes and the tills' retries complete their sales, once each.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { orderOnce } from '../load/actors.ts';
import type { Failure } from '../load/journal.ts';
import { defaultLoad, type Scenario } from './scenario.ts';

const SLOW_MS = 2_000;
const FOR_MS = 25_000;
const BURST = 6;

/** The ordering processes' log files, each with its size: what they wrote since is read later. */
function orderingLogs(logDir: string): Map<string, number> {
  return new Map(
    readdirSync(logDir)
      .filter((name) => name.startsWith('ordering'))
      .map((name) => [join(logDir, name), statSync(join(logDir, name)).size]),
  );
}

const writtenSince = (sizes: Map<string, number>) =>
  [...sizes].map(([path, size]) => readFileSync(path).subarray(size).toString('utf8')).join('\n');

let before = new Map<string, number>();

export const slowPayments: Scenario = {
  name: 'payments slowed by 2 s',
  claim: 'calls time out, the breaker opens, checkout fails fast with a clear problem, and recovers',
  load: defaultLoad,
  async inject({ cluster, client, cast, say }) {
    before = orderingLogs(cluster.logDir);
    const started = Date.now();
    cluster.balancers.payments.delay(SLOW_MS);
    say(`payments answers ${SLOW_MS} ms late`);
    await sleep(5_000);
    // A burst of online orders, as a sale's e-mail brings: the checkout workers charge up to their
    // prefetch at once, enough failed calls in the breaker's window for it to open (a few tills
    // alone, each waiting on its own sale, never make that many). Each order is checked as well.
    const burst = cast.shoppers.flatMap((shopper) =>
      Array.from({ length: BURST }, () => orderOnce(client, cast, shopper)),
    );
    await Promise.all(burst);
    say(`${burst.length} orders placed at once while payments is slow`);
    await sleep(Math.max(0, FOR_MS - (Date.now() - started)));
    cluster.balancers.payments.delay(0);
    say('payments is quick again');
    await sleep(15_000);
  },
  tolerates(failure: Failure) {
    // The problem the till is meant to hear: payments unavailable, with Retry-After.
    return (
      failure.status === 503 &&
      /ORDERING_PAYMENT_UNAVAILABLE|ORDERING_UPSTREAM_UNAVAILABLE/.test(failure.detail)
    );
  },
  async verify({ journal }) {
    const problems: string[] = [];
    const log = writtenSince(before);
    if (!/circuit opened/.test(log)) problems.push('no ordering process opened its circuit to payments');
    const unavailable = journal.failures.filter((f) => /ORDERING_PAYMENT_UNAVAILABLE/.test(f.detail)).length;
    if (unavailable === 0)
      problems.push('no till heard 503 ORDERING_PAYMENT_UNAVAILABLE while payments was slow');
    return problems;
  },
};
