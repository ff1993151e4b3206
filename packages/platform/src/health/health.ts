import type { FastifyInstance } from 'fastify';

/** A dependency the service needs to do its work: its database, cache, bus. */
export type ReadinessCheck = () => Promise<void>;

const CHECK_TIMEOUT_MS = 2_000;

async function run(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'up';
  } catch (error) {
    return `down: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

/** Apps whose process is about to stop: they serve on but say they are not ready (see `drain`). */
const draining = new WeakSet<FastifyInstance>();

/**
 * Turns `/health/ready` to 503 (`draining`) while the app keeps serving, so balancers polling it
 * stop sending new requests before the server closes — a replica that closed at once would race
 * the requests already on their way to it. Every answer while draining also says
 * `Connection: close`: a balancer working on connections (a Kubernetes Service) only steers new
 * ones, and a caller's keep-alive connections would otherwise stay pinned to this replica until
 * it closes them under the caller's next request.
 */
export function drain(app: FastifyInstance): void {
  draining.add(app);
}

/**
 * `/health/live`: the process answers (restart me if not). `/health/ready`: my own dependencies
 * answer (send me traffic). Readiness never checks other services, or one outage would cascade.
 * `advisory` checks are reported beside the others but never make the replica not-ready: a
 * dependency every replica shares and can do without for a while (the broker behind an outbox, a
 * cache-aside cache) would otherwise take all of them out of rotation at once.
 */
export function installHealth(
  app: FastifyInstance,
  checks: Record<string, ReadinessCheck>,
  advisory: Record<string, ReadinessCheck> = {},
): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', async (_request, reply) => {
    if (draining.has(app)) reply.header('connection', 'close');
  });
  app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'up' }));
  app.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    const names = Object.keys(checks);
    const extra = Object.keys(advisory);
    const results = await Promise.all([
      ...names.map((name) => run(checks[name]!)),
      ...extra.map((name) => run(advisory[name]!)),
    ]);
    const detail = Object.fromEntries([...names, ...extra].map((name, i) => [name, results[i]]));
    const leaving = draining.has(app);
    const ready = !closing && !leaving && results.slice(0, names.length).every((r) => r === 'up');
    reply.status(ready ? 200 : 503);
    return { status: ready ? 'up' : closing ? 'closing' : leaving ? 'draining' : 'down', checks: detail };
  });
}
