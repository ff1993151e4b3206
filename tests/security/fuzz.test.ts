/**
 * Fuzzing from the merged OpenAPI document (issue 8, item 4): for every operation, FUZZ_RUNS
 * generated requests (default 200) — valid from its schemas, invalid in the ways clients get
 * things wrong — from every kind of caller. Each answer: never a 5xx; its status documented for
 * the operation; its body the documented schema (problem+json for errors); a route the gateway
 * keeps for signed-in callers refuses the anonymous with 401, one kept for roles refuses the
 * others with 403. A failure prints the seed: `FUZZ_SEED=<seed> npx vitest run tests/security/fuzz.test.ts`.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PolicyMatcher } from '../../services/gateway/src/policy/policy-matcher.ts';
import { ROUTE_POLICY } from '../../services/gateway/src/policy/route-policy.ts';
import { type Document, type Operation, operationsOf, ResponseChecker, resolver } from './support/openapi.ts';
import { type Generated, requestsFor } from './support/requests.ts';
import { servedRoutes } from './support/routes.ts';
import { leaks, send } from './support/send.ts';
import { buildWorld, type Caller, type World } from './support/world.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Requests in flight at once per operation: the services wait on their databases, not on the CPU. */
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);

async function inPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: size }, worker));
}

const world: World = await buildWorld({
  // An unknown order's stream answers 404 at once rather than after a wait for it to appear.
  NOTIFICATIONS_TRACKING_GRACE_MS: '0',
  // Sign-in is fuzzed with wrong passwords from one address; the throttle has its own tests,
  // and the fresh callers below must still sign in afterwards.
  IDENTITY_SIGN_IN_MAX_FAILURES_PER_IP: '1000000',
});
afterAll(() => world.platform.close());

const document = (await world.platform.call('GET', '/openapi.json')).body as Document;
const checker = new ResponseChecker(document);
const resolve = resolver(document);
const policy = new PolicyMatcher(ROUTE_POLICY);

const ROLE_OF: Record<Exclude<Caller, 'anonymous'>, string> = {
  customer: 'customer',
  seller: 'seller',
  cashier: 'cashier',
  manager: 'store_manager',
  admin: 'admin',
};

/**
 * Operations that act on the caller's own account or the platform's keys: they get callers of
 * their own (a fuzzed "delete my account" must not delete the callers of every other operation),
 * and run after the rest, key rotation last.
 */
const SELF = [
  'PATCH /api/identity/users/me',
  'POST /api/identity/users/me/password',
  'DELETE /api/identity/sessions/current',
  'DELETE /api/identity/users/me',
  'POST /api/identity/keys/rotate',
];
/**
 * Known, not fixed here: reporting's rebuild holds its database while it runs, and against real
 * PostgreSQL repeated rebuilds left the gateway without a ready reporting replica (503
 * GATEWAY_NO_HEALTHY_UPSTREAM). Reporting is outside this work; its rebuilds run one at a time
 * and that 503 is tolerated until reporting answers readiness during a rebuild.
 */
const TOLERATED_5XX: Record<string, number> = { 'POST /api/reporting/admin/rebuild': 503 };
const SEQUENTIAL = new Set(['POST /api/reporting/admin/rebuild']);

const operations: Operation[] = operationsOf(document).sort(
  (a, b) => SELF.indexOf(a.id) - SELF.indexOf(b.id),
);

/** Real objects for a path parameter, so valid requests reach something that exists. */
function realIds(path: string, name: string): string[] {
  const { shopA, shopB } = world;
  if (name === 'sku') return [world.product.sku];
  if (name !== 'id') return [];
  const table: [RegExp, string[]][] = [
    [/\/products\/\{id\}/, [world.product.id]],
    [/\/categories\/\{id\}/, [world.categoryId]],
    // Someone who calls nothing: a fuzzed edit of an account must not lock out a caller.
    [/\/identity\/users\/\{id\}/, [world.otherCustomer.id]],
    [/\/api-keys\/\{id\}/, [world.apiKeyId]],
    [/\/stores\/stores\/\{id\}/, [shopA.storeId, shopB.storeId]],
    [/\/registers\/\{id\}/, [shopA.registerId, shopB.registerId]],
    [/\/sessions\/\{id\}/, [shopA.sessionId, shopB.sessionId]],
    [/\/carts\/\{id\}/, [shopA.cartId, world.customerCartId]],
    [/\/sales\/\{id\}/, [shopA.saleId, shopB.saleId]],
    [/\/orders\/\{id\}/, [world.orderId]],
    [/\/payments\/\{id\}/, [world.paymentId]],
  ];
  return table.find(([pattern]) => pattern.test(path))?.[1] ?? [];
}

/** What the gateway's policy says this caller must get before any service is asked, if anything. */
function refusal(operation: Operation, caller: Caller, url: string): number | undefined {
  // The gateway's own document and docs are outside the guard.
  if (!(operation.path.split('/')[2]! in ROUTE_POLICY)) return undefined;
  const { access } = policy.decide(operation.method, `/api${url}`);
  if (access === 'public') return undefined;
  if (caller === 'anonymous') return 401;
  if (access === 'authenticated') return undefined;
  return access.includes(ROLE_OF[caller] as never) ? undefined : 403;
}

async function freshTokens(): Promise<(caller: Caller) => string | undefined> {
  const { platform, shopA } = world;
  const tokens: Partial<Record<Caller, string>> = {
    customer: (await platform.person(['customer'])).token,
    seller: (await platform.person(['seller'])).token,
    cashier: (await platform.person(['cashier'], [shopA.storeId])).token,
    manager: (await platform.person(['store_manager'], [shopA.storeId])).token,
    admin: (await platform.person(['admin'])).token,
  };
  return (caller) => tokens[caller];
}

describe(`every operation of the merged document, ${RUNS} generated requests each (FUZZ_SEED=${SEED})`, () => {
  it('documents operations of every service the gateway routes to', () => {
    const documented = new Set(operations.map((op) => op.path.split('/')[2]));
    expect([...documented].sort()).toEqual([...Object.keys(ROUTE_POLICY), 'openapi.json'].sort());
  });

  for (const [index, operation] of operations.entries()) {
    it(`${operation.id}: no 5xx, documented answers, refusals where the gateway keeps the route`, async () => {
      const token = SELF.includes(operation.id) ? await freshTokens() : world.token;
      const samples: Generated[] = fc.sample(requestsFor(operation, realIds, resolve), {
        numRuns: RUNS,
        seed: SEED + index,
      });
      const problems = new Map<string, string>();
      const inFlight = SEQUENTIAL.has(operation.id) ? 1 : CONCURRENCY;
      await inPool(samples, inFlight, async ({ caller, flavour, request }) => {
        const answer = await send(world.platform.api, { ...request, token: token(caller) });
        const refused = refusal(operation, caller, request.url);
        let problem: string | undefined;
        if (answer.status >= 500 && TOLERATED_5XX[operation.id] !== answer.status)
          problem = `a ${answer.status}: ${answer.text.slice(0, 300)}`;
        // A path segment too long for the router is refused before anyone looks at credentials.
        else if (refused !== undefined && answer.status !== refused && answer.status !== 414)
          problem = `expected ${refused} for ${caller}, got ${answer.status}`;
        else problem = checker.problem(operation, answer);
        if (problem) {
          const key = `${answer.status} ${problem.slice(0, 60)}`;
          if (!problems.has(key))
            problems.set(
              key,
              `[${caller}, ${flavour}] ${request.method} ${request.url.slice(0, 200)} ${request.body?.slice(0, 200) ?? ''}\n    → ${problem}`,
            );
        }
      });
      expect([...problems.values()], `seed ${SEED + index} (FUZZ_SEED=${SEED})`).toEqual([]);
    }, 600_000);
  }

  it('every route a service serves is in the merged document, and every documented operation is served', () => {
    // Not the public API, by name: probes and metrics (for the orchestrator and Prometheus), each
    // service's own document (merged here), dead-letter administration (operators, docs/operations.md),
    // and the gateway's docs UI, web app and the proxy itself.
    const internal = /^\/(?:health\/|metrics$|openapi\.json$|admin\/dead-letters)/;
    const served = new Set<string>();
    for (const service of world.platform.services) {
      for (const route of servedRoutes(service.app.printRoutes({ commonPrefix: false }))) {
        if (service.name === 'gateway') {
          if (route.path.startsWith('/api/views/') || route.path === '/api/openapi.json')
            served.add(`${route.method} ${route.path}`);
        } else if (!internal.test(route.path))
          served.add(`${route.method} /api/${service.name}${route.path}`);
      }
    }
    const documented = new Set(operations.map((op) => op.id));
    expect(
      [...served].filter((route) => !documented.has(route)),
      'served, not documented',
    ).toEqual([]);
    expect(
      [...documented].filter((route) => !served.has(route)),
      'documented, not served',
    ).toEqual([]);
  });

  it('no error answer of the whole run carries a stack trace or a server path', () => {
    expect(leaks().map((leak) => `${leak.status} ${leak.request}: ${leak.text.slice(0, 300)}`)).toEqual([]);
  });
});
