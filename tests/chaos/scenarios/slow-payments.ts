/**
 * Payments answers 2 s late (every chunk held by the fault-injecting balancer in front of its
 * replicas, which ordering calls through) for 25 s. Ordering gives payments 1 s per attempt
 * (ORDERING_PAYMENTS_TIMEOUT_MS in the cluster), so calls time out, its circuit breaker opens and
 * a sale fails fast with `503 ORDERING_PAYMENT_UNAVAILABLE` (stock given back); once payments is
 * quick again the breaker closes and the tills' retries complete their sales, once each.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Failure } from '../load/journal.ts';
import { defaultLoad, type Scenario } from './scenario.ts';

const SLOW_MS = 2_000;
const FOR_MS = 25_000;

function orderingLog(logDir: string): string {
  return readdirSync(logDir)
    .filter((name) => name.startsWith('ordering'))
    .map((name) => readFileSync(join(logDir, name), 'utf8'))
    .join('\n');
}

let logBefore = 0;

export const slowPayments: Scenario = {
  name: 'payments slowed by 2 s',
  claim: 'calls time out, the breaker opens, checkout fails fast with a clear problem, and recovers',
  load: defaultLoad,
  async inject({ cluster, say }) {
    logBefore = orderingLog(cluster.logDir).length;
    cluster.balancers.payments.delay(SLOW_MS);
    say(`payments answers ${SLOW_MS} ms late`);
    await sleep(FOR_MS);
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
  async verify({ cluster, journal }) {
    const problems: string[] = [];
    const log = orderingLog(cluster.logDir).slice(logBefore);
    if (!/circuit opened/.test(log)) problems.push('no ordering process opened its circuit to payments');
    const unavailable = journal.failures.filter((f) => /ORDERING_PAYMENT_UNAVAILABLE/.test(f.detail)).length;
    if (unavailable === 0)
      problems.push('no till heard 503 ORDERING_PAYMENT_UNAVAILABLE while payments was slow');
    return problems;
  },
};
