/**
 * Redis gone for 20 s under load. Browsing must go on without a single 5xx (the cache is
 * cache-aside: a miss goes to the database). The gateway's limiter behaves as documented in
 * `services/gateway/src/rate-limit/rate-classes.ts`: `open` classes (browse, write) count on the
 * replica's own buckets, `closed` ones (auth, checkout) answer 503 — so online checkout is
 * refused while Redis is away, and POS sales (class write) are not refused by the limiter.
 * Registers' carts live in Redis by design (services/cart/README.md): while it is gone, a till
 * cannot open or fill a cart and hears a clean 503 from cart — and, as the web register does, sells
 * offline instead (`POST /ordering/sales/offline`, which needs no Redis): selling goes on, and
 * those sales are judged like the others.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Failure } from '../load/journal.ts';
import { offlineSalesTaken } from '../load/offline-till.ts';
import { defaultLoad, type Scenario } from './scenario.ts';

export const redisOutage: Scenario = {
  name: 'Redis unavailable for 20 s',
  claim:
    'browsing never fails without the cache, tills sell on (offline), the limiter falls back as documented',
  load: defaultLoad,
  async inject({ cluster, client, cast, say }) {
    await cluster.redis.stop();
    const offlineBefore = offlineSalesTaken;
    say('Redis stopped');
    await sleep(3_000);
    // The limiter's documented fallback, seen from a client: checkout (closed) is refused with
    // 503 and a problem; a write of class `write` is metered locally and goes through.
    const shopper = cast.shoppers[0]!;
    const refused = await client.call('probe: checkout without Redis', 'POST', '/ordering/orders', {
      body: { lines: [] },
      token: shopper.token,
      headers: { 'idempotency-key': `probe-${Date.now()}` },
    });
    limiterProbe =
      refused.status === 503
        ? 'checkout refused with 503 (closed class)'
        : `checkout answered ${refused.status}`;
    say(`limiter without Redis: ${limiterProbe}`);
    await sleep(17_000);
    offlineDuringOutage = offlineSalesTaken - offlineBefore;
    say(`${offlineDuringOutage} sales taken offline by the tills while Redis was away`);
    await cluster.redis.start();
    say('Redis is back (empty)');
    await sleep(5_000);
  },
  tolerates(failure: Failure) {
    // Only what the documentation says: checkout's closed class, and the cart that lives in Redis.
    if (failure.status !== 503) return false;
    return (
      failure.step.startsWith('probe:') ||
      failure.step === 'ordering: order' ||
      failure.step.startsWith('cart:') ||
      failure.step === 'ordering: sale'
    );
  },
  async verify() {
    const problems = limiterProbe.startsWith('checkout refused with 503')
      ? []
      : [`limiter without Redis: ${limiterProbe} (documented: 503)`];
    if (offlineDuringOutage === 0) problems.push('no till sold (offline) while Redis was away');
    return problems;
  },
};

let limiterProbe = 'not probed';
let offlineDuringOutage = 0;
