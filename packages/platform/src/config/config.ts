import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** Settings every service reads. Unset means the embedded default (ARCHITECTURE.md §7). */
export const PlatformConfig = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
  }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  /** Human-readable logs; defaults to on when stdout is a terminal. */
  LOG_PRETTY: Type.Optional(Type.Boolean()),
  HOST: Type.String({ default: '127.0.0.1' }),
  /** 0 picks a free port. Each service declares its own default. */
  PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  COMPTOIR_DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  COMPTOIR_REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  COMPTOIR_AMQP_URL: Type.Optional(Type.String({ pattern: '^amqps?://' })),
  /** OpenTelemetry collector (OTLP/HTTP, e.g. `http://tempo:4318`): unset means tracing off. */
  COMPTOIR_OTLP_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** `off` bypasses cache-aside reads everywhere (diagnosis, benchmarks); invalidation still runs. */
  COMPTOIR_CACHE: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  COMPTOIR_DATA_DIR: Type.String({ default: '.comptoir/data' }),
  /** Largest request body accepted, in bytes. */
  BODY_LIMIT: Type.Integer({ minimum: 1024, default: 1_048_576 }),
  /** identity's key set; fetched on the first bearer token, again when a token names an unknown key. */
  COMPTOIR_JWKS_URL: Type.String({
    pattern: '^https?://',
    default: 'http://127.0.0.1:8102/.well-known/jwks.json',
  }),
  /** The `iss` every access token must carry. */
  COMPTOIR_JWT_ISSUER: Type.String({ minLength: 1, default: 'comptoir-identity' }),
  /** The `aud` every access token must carry. */
  COMPTOIR_JWT_AUDIENCE: Type.String({ minLength: 1, default: 'comptoir' }),
  /**
   * On SIGTERM, how long a replica keeps serving while `/health/ready` says 503, before it stops
   * accepting: long enough for the balancers in front (the gateway's health checks, every
   * `GATEWAY_HEALTH_INTERVAL_MS`) to stop sending it requests. 0 closes at once (Kubernetes'
   * `preStop` does this waiting already). Counted in the 10 s a shutdown gets.
   */
  COMPTOIR_SHUTDOWN_DRAIN_MS: Type.Integer({ minimum: 0, maximum: 8_000, default: 0 }),
  /**
   * Migrate-only: apply the database migrations and exit 0 without serving (a migration Job, or
   * `main.ts migrate`). Needs only the database settings.
   */
  COMPTOIR_MIGRATE_ONLY: Type.Boolean({ default: false }),
});
export type PlatformConfig = Static<typeof PlatformConfig>;

/** Start-up refuses to go on: one line per bad variable, named. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the variables a schema declares from the environment, applies defaults, converts
 * strings to numbers and booleans, validates, and freezes. Only the kit reads `process.env`.
 * Mark a secret `writeOnly: true`: an error about it names the variable, never its value.
 * @example
 * const Config = Type.Object({ SEARCH_LIMIT: Type.Integer({ default: 50 }) });
 * const config = loadConfig(Config); // config.SEARCH_LIMIT: number
 */
export function loadConfig<P extends TProperties>(
  schema: TObject<P>,
  env: Env = process.env,
): Readonly<Static<TObject<P>>> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const raw = env[key];
    if (raw !== undefined && raw !== '') picked[key] = raw;
  }
  const withDefaults = Value.Default(schema, picked);
  const converted = Value.Convert(schema, withDefaults);
  const problems = [...Value.Errors(schema, converted)].map((e) => {
    const name = e.path.replace(/^\//, '') || '(root)';
    const value = env[name];
    // A secret (`writeOnly: true`) is never repeated: start-up errors end up in logs.
    const secret = (schema.properties[name] as { writeOnly?: boolean } | undefined)?.writeOnly === true;
    const got = value === undefined ? '' : secret ? ' (value hidden)' : ` (got ${JSON.stringify(value)})`;
    return `${name}: ${e.message}${got}`;
  });
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return Object.freeze(converted as Static<TObject<P>>);
}

/** Merges the platform's settings with a service's own. */
export function serviceConfigSchema<P extends TProperties>(own: TObject<P>) {
  return Type.Composite([PlatformConfig, own]);
}
