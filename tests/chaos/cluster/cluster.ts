/**
 * The fault suite's cluster, started once for every scenario: a throw-away PostgreSQL server, a
 * Redis and a RabbitMQ node of its own (so breaking them disturbs nobody else on the machine),
 * two processes per service (two API replicas of ordering, two checkout workers), the gateway in
 * front of them on a free port, and demo data seeded through it. Services call each other through
 * a `ServiceBalancer` per service (what a Kubernetes Service is in production), since each replica
 * may be killed and a caller must not be pinned to one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type ThrowAwayPostgres } from '../../../bench/lib/postgres.ts';
import { seed } from '../../../scripts/seed/seed.ts';
import { demoAdminEnv } from '../../../scripts/seed/users.ts';
import { launchCredentials } from '../../../scripts/service-credentials.ts';
import { freePorts } from './free-ports.ts';
import { type ChaosRabbit, startRabbit } from './rabbitmq.ts';
import { type ChaosRedis, startRedis } from './redis.ts';
import { launch, type Replica, replica, terminate, waitReady } from './replicas.ts';
import { type ServiceBalancer, startServiceBalancer } from './service-balancer.ts';

/** The services behind the gateway, each run as two processes. */
export const SERVICES = [
  'catalog',
  'identity',
  'inventory',
  'stores',
  'cart',
  'ordering',
  'payments',
  'notifications',
] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ChaosCluster {
  readonly gatewayUrl: string;
  readonly api: string;
  readonly postgres: ThrowAwayPostgres;
  readonly redis: ChaosRedis;
  readonly rabbit: ChaosRabbit;
  /** Every service replica and ordering worker (not the gateway), in start order. */
  readonly replicas: readonly Replica[];
  readonly gateway: Replica;
  /** The address each service is called at by the others. */
  readonly balancers: Readonly<Record<ServiceName, ServiceBalancer>>;
  readonly logDir: string;
  /** `postgres://…/comptoir_<service>` for the checker. */
  databaseUrl(service: string): string;
  stop(options?: { keepLogs?: boolean }): Promise<void>;
}

const REPLICAS = 2;
const WORKERS = 2;

export async function startChaosCluster(): Promise<ChaosCluster> {
  const logDir = mkdtempSync(join(tmpdir(), 'comptoir-chaos-'));
  const dataDir = join(logDir, 'data');
  const count = SERVICES.length * REPLICAS + WORKERS + 5;
  const ports = await freePorts(count);
  const take = () => ports.shift()!;
  const postgres = startPostgres(take());
  const redis = await startRedis(take());
  const rabbit = await startRabbit(take(), take());

  const replicas: Replica[] = [];
  const ownPorts = new Map<ServiceName, number[]>();
  for (const service of SERVICES) ownPorts.set(service, [take(), take()]);
  const balancers = {} as Record<ServiceName, ServiceBalancer>;
  for (const service of SERVICES)
    balancers[service] = await startServiceBalancer(() => ownPorts.get(service)!);

  const internal = (service: ServiceName) => balancers[service].url;
  const base: Record<string, string> = {
    ...demoAdminEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    COMPTOIR_DATA_DIR: dataDir,
    COMPTOIR_DATABASE_URL: postgres.url,
    COMPTOIR_REDIS_URL: redis.url,
    COMPTOIR_AMQP_URL: rabbit.url,
    COMPTOIR_JWKS_URL: `${internal('identity')}/.well-known/jwks.json`,
    ORDERING_CART_URL: internal('cart'),
    ORDERING_STORES_URL: internal('stores'),
    ORDERING_INVENTORY_URL: internal('inventory'),
    ORDERING_PAYMENTS_URL: internal('payments'),
    ORDERING_CATALOG_URL: internal('catalog'),
    CART_STORES_URL: internal('stores'),
    CART_CATALOG_URL: internal('catalog'),
    // An operator's choice for a card provider that answers well within a second: a slow one
    // is then found out in 1.5 s rather than 15 (the payments scenario, 2 s late, relies on it).
    ORDERING_PAYMENTS_TIMEOUT_MS: '1500',
    // On SIGTERM, two of the gateway's health-check rounds not ready but serving, then close.
    COMPTOIR_SHUTDOWN_DRAIN_MS: '2000',
  };
  const credentials = launchCredentials({ ORDERING_TOKEN_URL: `${internal('identity')}/oauth/token` });
  const envOf = (service: ServiceName, extra: Record<string, string> = {}) => ({
    ...base,
    ...credentials.services,
    ...(service === 'identity' ? credentials.identity : {}),
    ...extra,
  });
  for (const service of SERVICES) {
    ownPorts.get(service)!.forEach((port, i) => {
      const role: Record<string, string> = service === 'ordering' ? { ORDERING_WORKERS: 'off' } : {};
      replicas.push(replica(`${service}#${i}`, service, port, envOf(service, role)));
    });
  }
  for (let i = 0; i < WORKERS; i++)
    replicas.push(
      replica(`ordering-worker#${i}`, 'ordering', take(), envOf('ordering', { ORDERING_API: 'off' })),
    );

  const upstreams: Record<string, string> = {};
  for (const service of SERVICES)
    upstreams[`${service.toUpperCase()}_URLS`] = ownPorts
      .get(service)!
      .map((port) => `http://127.0.0.1:${port}`)
      .join(',');
  const gateway = replica('gateway#0', 'gateway', take(), {
    ...base,
    ...upstreams,
    // Checks every second, so a replica that turned not-ready stops getting traffic within one.
    GATEWAY_HEALTH_INTERVAL_MS: '1000',
    GATEWAY_HEALTH_TIMEOUT_MS: '1000',
    // The limiter stays on (the Redis scenario checks its fallback), with quotas a load of a few
    // tills and shoppers from one address never reaches.
    GATEWAY_RATE_NAMESPACE: `chaos-${process.pid}`,
    GATEWAY_RATE_BROWSE: '1000000/10s',
    GATEWAY_RATE_AUTH: '1000000/60s',
    GATEWAY_RATE_WRITE: '1000000/60s',
    GATEWAY_RATE_CHECKOUT: '1000000/60s',
    // Two cores run twenty processes here: Redis answers late now and then, and 250 ms would
    // count that as Redis down (checkout refused) outside the Redis scenario.
    GATEWAY_RATE_REDIS_TIMEOUT_MS: '1000',
  });

  const cluster: ChaosCluster = {
    gatewayUrl: gateway.url,
    api: `${gateway.url}/api`,
    postgres,
    redis,
    rabbit,
    replicas,
    gateway,
    balancers,
    logDir,
    databaseUrl: (service) => postgres.url.replace(/\/postgres$/, `/comptoir_${service}`),
    async stop(options = {}) {
      await Promise.all([gateway, ...replicas].map((r) => terminate(r).catch(() => {})));
      for (const balancer of Object.values(balancers)) await balancer.close();
      await rabbit.destroy();
      await redis.stop();
      postgres.stop();
      if (!options.keepLogs) rmSync(logDir, { recursive: true, force: true });
    },
  };
  try {
    // Replicas start together: migrations run under an advisory lock, so one applies them.
    for (const r of replicas) launch(r, logDir);
    await Promise.all(replicas.map((r) => waitReady(r, 300_000)));
    launch(gateway, logDir);
    await waitReady(gateway, 300_000);
    await seed(gateway.url);
  } catch (error) {
    await cluster.stop({ keepLogs: true });
    throw error;
  }
  return cluster;
}
