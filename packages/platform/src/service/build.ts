import { join } from 'node:path';
import type { Static, TObject, TProperties } from '@sinclair/typebox';
import type { Logger } from 'pino';
import { installAuth } from '../auth/plugin.ts';
import { cachedVerifier } from '../auth/token-cache.ts';
import { createTokenVerifier, type TokenVerifier } from '../auth/verifier.ts';
import { deadLetterRoutes } from '../bus/dead-letters.routes.ts';
import { createEvent } from '../bus/envelope.ts';
import { handleOnce } from '../bus/inbox.ts';
import { createBus } from '../bus/index.ts';
import { appendToOutbox, OutboxRelay } from '../bus/outbox.ts';
import { traceConsumers } from '../bus/traced.ts';
import type { Bus } from '../bus/types.ts';
import { CacheAside } from '../cache/cache-aside.ts';
import { createCache } from '../cache/index.ts';
import type { Cache } from '../cache/types.ts';
import { ConfigError, loadConfig, PlatformConfig } from '../config/config.ts';
import { createDb, createEmbeddedPostgres, type EmbeddedPostgres } from '../db/index.ts';
import type { Db } from '../db/types.ts';
import { createHttpApp, type HttpApp } from '../http/app.ts';
import { currentContext, runWithContext } from '../logging/context.ts';
import { createLogger } from '../logging/logger.ts';
import { createMessagingMetrics, type MessagingMetrics } from '../metrics/messaging.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { createTracing } from '../tracing/tracing.ts';
import type { ServiceContext, ServiceDefinition } from './define.ts';
import { applyServiceMigrations } from './migrate.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Resources can be handed in (shared by the embedded launcher, or by tests); the rest are created. */
export interface BuildOptions {
  env?: Env;
  embedded?: EmbeddedPostgres;
  db?: Db;
  cache?: Cache;
  bus?: Bus;
  logger?: Logger;
  /** Verifies bearer tokens; by default against `COMPTOIR_JWKS_URL` (tests hand in one with local keys). */
  tokenVerifier?: TokenVerifier;
}

export interface BuiltService<C = unknown> {
  name: string;
  app: HttpApp;
  config: Readonly<PlatformConfig & C>;
  /** Listens on HOST:PORT (or the service's default port) and returns the address. */
  listen(): Promise<string>;
  /** Drains requests and consumers, stops the relay, closes what this build opened. */
  close(): Promise<void>;
}

/** A stand-in for a resource the service did not declare: using it is a programming error. */
function undeclared<T extends object>(service: string, what: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new Error(`${service} uses ${what} without declaring needs.${what} in defineService`);
    },
  });
}

/** The platform's settings and the service's own, read together so every bad variable is named at once. */
function loadServiceConfig<P extends TProperties>(
  own: TObject<P> | undefined,
  env: Env | undefined,
): Readonly<PlatformConfig & Static<TObject<P>>> {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const platform = attempt(() => loadConfig(PlatformConfig, env));
  const service = own ? attempt(() => loadConfig(own, env)) : {};
  if (problems.length > 0 || !platform || !service) throw new ConfigError(problems);
  return Object.freeze({ ...platform, ...service }) as Readonly<PlatformConfig & Static<TObject<P>>>;
}

/** The bus, noting the name of every durable queue subscribed to through it. */
function recordingQueues(bus: Bus, queues: Set<string>): Bus {
  return {
    ...bus,
    subscribe(options) {
      if (!options.broadcast) queues.add(options.queue);
      return bus.subscribe(options);
    },
  };
}

/** Builds a service without listening: `main.ts`, the launcher and tests all go through here. */
export async function buildService<P extends TProperties>(
  definition: ServiceDefinition<P>,
  options: BuildOptions = {},
): Promise<BuiltService<Static<TObject<P>>>> {
  const { name } = definition;
  const config = loadServiceConfig(definition.config, options.env);
  const log =
    options.logger?.child({ service: name }) ??
    createLogger(name, {
      level: config.LOG_LEVEL,
      pretty: config.LOG_PRETTY ?? Boolean(process.stdout.isTTY),
    });
  const metrics = createMetrics(name);
  const version = definition.version ?? '0.1.0';
  // One provider per built service: services sharing a process still name their own spans.
  const tracing = createTracing({ url: config.COMPTOIR_OTLP_URL, service: name, version });
  const needs = { db: true, cache: true, bus: true, requestContext: true, ...definition.needs };
  const owned: Array<() => Promise<void>> = [];
  const closers: Array<() => Promise<void> | void> = [];

  let db = options.db ?? undeclared<Db>(name, 'db');
  if (needs.db && !options.db) {
    let embedded = options.embedded;
    if (!config.COMPTOIR_DATABASE_URL && !embedded) {
      const own = await createEmbeddedPostgres({ dataDir: join(config.COMPTOIR_DATA_DIR, name) });
      owned.push(() => own.close());
      embedded = own;
    }
    db = await createDb({
      service: name,
      ...(config.COMPTOIR_DATABASE_URL ? { url: config.COMPTOIR_DATABASE_URL } : {}),
      ...(embedded ? { embedded } : {}),
    });
    const opened = db;
    owned.push(() => opened.close());
  }
  let cache = options.cache ?? undeclared<Cache>(name, 'cache');
  if (needs.cache && !options.cache) {
    cache = await createCache({
      service: name,
      ...(config.COMPTOIR_REDIS_URL ? { url: config.COMPTOIR_REDIS_URL } : {}),
    });
    const opened = cache;
    owned.push(() => opened.close());
  }
  let bus = options.bus ?? undeclared<Bus>(name, 'bus');
  if (needs.bus && !options.bus) {
    bus = await createBus({ log, ...(config.COMPTOIR_AMQP_URL ? { url: config.COMPTOIR_AMQP_URL } : {}) });
    const opened = bus;
    owned.push(() => opened.close());
  }
  // The durable queues this process consumes, for the dead-letter admin: through `subscribe` or
  // on the bus directly (a worker's own work queue).
  const ownQueues = new Set<string>();
  if (needs.bus) bus = recordingQueues(tracing ? traceConsumers(bus, tracing) : bus, ownQueues);

  let relay: OutboxRelay | undefined;
  let messaging: MessagingMetrics | undefined;
  if (needs.db) {
    await applyServiceMigrations(db, definition);
    metrics.gaugeFrom('db_pool_connections', 'Connections in the pool.', () => db.poolStats().total);
    metrics.gaugeFrom('db_pool_idle', 'Idle connections in the pool.', () => db.poolStats().idle);
    metrics.gaugeFrom('db_pool_waiting', 'Queries waiting for a connection.', () => db.poolStats().waiting);
    if (needs.bus) {
      messaging = createMessagingMetrics(metrics.registry, bus);
      relay = new OutboxRelay({ db, bus, log, onPublished: messaging.published, tracing });
      const r = relay;
      metrics.gaugeFrom('outbox_backlog', 'Events saved but not yet published.', () => r.backlog());
      metrics.gaugeFrom(
        'comptoir_outbox_oldest_event_age_seconds',
        'Seconds since the oldest event not yet published was saved (0 when the outbox is drained).',
        () => r.oldestAgeSeconds(),
      );
    }
  }

  const readiness: Record<string, () => Promise<void>> = {};
  const advisory: Record<string, () => Promise<void>> = {};
  if (needs.db) readiness.db = () => db.ping();
  // A cache-aside cache that is down is a miss, and a broker that is down leaves the events in the
  // outbox: reported, but no reason to take the replica out — every replica of every service would
  // turn not-ready together, and a Redis or RabbitMQ restart would become a total outage.
  if (needs.cache) (needs.cache === 'store' ? readiness : advisory).cache = () => cache.ping();
  if (needs.bus) advisory.bus = () => bus.ping();

  const app = await createHttpApp({
    service: name,
    version,
    ...(definition.description ? { description: definition.description } : {}),
    logger: log,
    metrics,
    readiness,
    advisory,
    bodyLimit: config.BODY_LIMIT,
    requestContext: needs.requestContext,
    tracing,
  });
  const tokens = { issuer: config.COMPTOIR_JWT_ISSUER, audience: config.COMPTOIR_JWT_AUDIENCE };
  // Lazy: nothing is fetched until a request carries a bearer token. Every service verifies each
  // request's token again, so repeats are answered from a cache of verified tokens (until `exp`).
  const auth = installAuth(
    app,
    options.tokenVerifier ??
      cachedVerifier(createTokenVerifier({ jwksUrl: config.COMPTOIR_JWKS_URL, ...tokens })),
  );

  const cached = new CacheAside(cache, {
    log,
    enabled: config.COMPTOIR_CACHE === 'on',
    onResult: (hit) => metrics.cacheRequests.inc({ result: hit ? 'hit' : 'miss' }),
  });
  const source = `/comptoir/${name}`;
  const context: ServiceContext<Static<TObject<P>>> = {
    name,
    config,
    app,
    log,
    metrics,
    tracing,
    db,
    cache,
    cached,
    bus,
    event: (type, data, subject) => createEvent({ type, source, data, ...(subject ? { subject } : {}) }),
    outbox: {
      append: (tx, events) => appendToOutbox(tx, events),
      nudge: () => relay?.nudge(),
    },
    async subscribe(queueName, { handle, ...rest }) {
      const queue = `${name}.${queueName}`;
      messaging?.watch(queue);
      const subscription = await bus.subscribe({
        ...rest,
        queue,
        handler: (event) =>
          runWithContext(
            { ...currentContext(), requestId: event.id, correlationId: event.correlationid ?? event.id },
            async () => {
              try {
                const ran = await handleOnce(db, queue, event, (tx) => handle(event, tx));
                messaging?.consumed(queue, ran ? 'handled' : 'duplicate');
                if (!ran) currentContext()?.trace?.span.setAttribute('comptoir.inbox.duplicate', true);
              } catch (error) {
                messaging?.consumed(queue, 'failed');
                throw error;
              }
            },
          ),
      });
      closers.push(() => subscription.close());
    },
    async fanOut(fanName, { handle, ...rest }) {
      const subscription = await bus.subscribe({
        ...rest,
        queue: `${name}.${fanName}`,
        broadcast: true,
        handler: (event) =>
          runWithContext(
            { ...currentContext(), requestId: event.id, correlationId: event.correlationid ?? event.id },
            async () => {
              await handle(event);
            },
          ),
      });
      closers.push(() => subscription.close());
    },
    onClose: (fn) => {
      closers.push(fn);
    },
    useTokenKeys: (keySet) => auth.use(cachedVerifier(createTokenVerifier({ keySet, ...tokens }))),
    wrapTokenVerifier: (wrapper) => auth.wrap(wrapper),
  };

  await definition.setup(context);
  if (needs.bus) {
    await app.register(deadLetterRoutes, {
      prefix: '/admin/dead-letters',
      service: name,
      bus,
      queues: () => [...ownQueues],
    });
  }
  relay?.start();

  app.addHook('onClose', async () => {
    for (const close of closers.reverse()) await close();
    await relay?.stop();
    for (const close of owned.reverse()) await close();
    // Last, so the spans of the drained work are sent too.
    await tracing?.shutdown();
  });

  return {
    name,
    app,
    config,
    async listen() {
      return app.listen({ host: config.HOST, port: config.PORT ?? definition.defaultPort });
    },
    close: () => app.close(),
  };
}
