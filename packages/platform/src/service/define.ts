import type { Static, TObject, TProperties } from '@sinclair/typebox';
import type { Logger } from 'pino';
import type { KeySetSource, TokenVerifier } from '../auth/verifier.ts';
import type { Bus, EventEnvelope, SubscribeOptions } from '../bus/types.ts';
import type { CacheAside } from '../cache/cache-aside.ts';
import type { Cache } from '../cache/types.ts';
import type { PlatformConfig } from '../config/config.ts';
import type { Db, Queryable } from '../db/types.ts';
import type { HttpApp } from '../http/app.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';
import type { Tracing } from '../tracing/tracing.ts';

/** What a service is handed at start-up: its config and its own resources, ready to use. */
export interface ServiceContext<C> {
  name: string;
  config: Readonly<PlatformConfig & C>;
  app: HttpApp;
  log: Logger;
  metrics: ServiceMetrics;
  /**
   * This service's tracing when `COMPTOIR_OTLP_URL` is set, else undefined. The kit already
   * traces requests, its HTTP client, the outbox and consumers; this is for a hop it does not
   * see (the gateway's proxy).
   */
  tracing: Tracing | undefined;
  db: Db;
  cache: Cache;
  /** Cache-aside reads with single-flight and namespace invalidation, counted in metrics. */
  cached: CacheAside;
  bus: Bus;
  /** Builds an event of this service (source and correlation id filled in). */
  event<T>(type: string, data: T, subject?: string): EventEnvelope<T>;
  /** Saves events in the caller's transaction; the relay publishes them after commit. */
  outbox: { append(tx: Queryable, events: readonly EventEnvelope[]): Promise<void>; nudge(): void };
  /**
   * Consumes events on this service's durable queue `<service>.<name>`. Each event is handled
   * once (inbox) inside a transaction passed to the handler, with the event's correlation id.
   * Its dead letters are listed and replayed at `/admin/dead-letters/<service>.<name>` (admins).
   */
  subscribe(
    name: string,
    options: Omit<SubscribeOptions, 'queue' | 'handler'> & {
      handle: (event: EventEnvelope, tx: Queryable) => Promise<void>;
    },
  ): Promise<void>;
  /**
   * Fan-out: every replica of this service gets every matching event, on a queue of its own
   * (`<service>.<name>.<random>`, gone with the replica) — for what each replica keeps in memory,
   * such as live streams or a local cache. No inbox and no transaction (every replica must act),
   * no retries and no dead letters: a failing handler is logged and the event dropped, and events
   * published while this replica is cut off from the broker are missed, so keep durable state
   * behind `subscribe` and use this only to hear of changes sooner.
   */
  fanOut(
    name: string,
    options: Pick<SubscribeOptions, 'topics' | 'prefetch'> & {
      handle: (event: EventEnvelope) => Promise<void> | void;
    },
  ): Promise<void>;
  /** Runs at shutdown, after the HTTP server has drained, before pools close. */
  onClose(fn: () => Promise<void> | void): void;
  /** Verifies bearer tokens with these keys instead of fetching `COMPTOIR_JWKS_URL`: for identity, which signs them. */
  useTokenKeys(keys: KeySetSource): void;
  /**
   * Builds the bearer-token verifier around the one in use, whichever it is (`COMPTOIR_JWKS_URL`,
   * or a test's): the gateway wraps it in a cache of verified tokens.
   * @example ctx.wrapTokenVerifier((verifier) => cachedVerifier(verifier, { maxEntries: 10_000 }));
   */
  wrapTokenVerifier(wrapper: (current: TokenVerifier) => TokenVerifier): void;
}

/** What the service uses from the kit; the gateway, for one, owns no database. */
export interface ServiceNeeds {
  db?: boolean;
  /**
   * `true`: a cache in front of the database (cache-aside) — while Redis is unreachable, reads
   * miss and go to the database, so the service stays ready and keeps serving. `'store'`: the
   * service keeps its data there (cart's baskets), so readiness checks it. Default true.
   */
  cache?: boolean | 'store';
  bus?: boolean;
  /**
   * The request context in AsyncLocalStorage, which carries ids into logs, outbound calls and
   * events without passing them around. On Node 20 it turns on promise hooks for the whole
   * process (~100 µs a request measured on the gateway's hop), so a pure proxy that reads the
   * ids from the request itself may go without. Default true. With tracing on
   * (`COMPTOIR_OTLP_URL`) the context is held anyway: what a request causes joins its trace.
   */
  requestContext?: boolean;
}

/**
 * A service declared once: its name, settings, migrations and wiring. The kit builds it for
 * `main.ts`, for the embedded launcher (`npm start`) and for tests alike.
 * @example
 * export const catalog = defineService({ name: 'catalog', defaultPort: 8101, setup: (ctx) => { … } });
 */
export interface ServiceDefinition<P extends TProperties = TProperties> {
  name: string;
  version?: string;
  description?: string;
  /** Port used when `PORT` is unset. */
  defaultPort: number;
  config?: TObject<P>;
  /** Folder of `NNN_name.sql` files. */
  migrations?: URL;
  needs?: ServiceNeeds;
  setup(context: ServiceContext<Static<TObject<P>>>): Promise<void> | void;
}

export function defineService<P extends TProperties>(definition: ServiceDefinition<P>): ServiceDefinition<P> {
  return definition;
}
