import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, PlatformConfig, type TObject } from '@comptoir/platform';
import { fail, isObject, type Json, root } from './problems.ts';

// The services, from the code: their ports and settings, and the kit's own validation of an
// environment a deployment gives one.

export interface ServiceFacts {
  name: string;
  /** Declares a migrations folder: it owns a database, which a migration Job prepares. */
  hasMigrations: boolean;
  port: number;
  schema: TObject | undefined;
  keys: Set<string>;
}

export async function loadServices(): Promise<Map<string, ServiceFacts>> {
  const platformKeys = Object.keys(PlatformConfig.properties);
  const found = new Map<string, ServiceFacts>();
  const dirs = readdirSync(join(root, 'services')).filter((dir) =>
    existsSync(join(root, 'services', dir, 'src/main.ts')),
  );
  for (const dir of dirs) {
    // The port from the definition, the settings from src/config.ts (the convention): reading
    // them does not load the service's whole code.
    const app = readFileSync(join(root, 'services', dir, 'src/app.ts'), 'utf8');
    const port = Number(/defaultPort:\s*(\d+)/.exec(app)?.[1]);
    if (!port) {
      fail(`services/${dir}/src/app.ts`, 'no literal defaultPort');
      continue;
    }
    let schema: TObject | undefined;
    const configFile = join(root, 'services', dir, 'src/config.ts');
    if (existsSync(configFile)) {
      const module = (await import(pathToFileURL(configFile).href)) as Json;
      schema = Object.values(module).find(
        (value): value is TObject => isObject(value) && value.type === 'object' && isObject(value.properties),
      );
      if (!schema) fail(`services/${dir}/src/config.ts`, 'exports no TypeBox object of settings');
    } else if (/^\s*config:/m.test(app)) {
      fail(
        `services/${dir}/src/app.ts`,
        'declares settings outside src/config.ts; the check cannot read them',
      );
    }
    const own = schema ? Object.keys(schema.properties) : [];
    const hasMigrations = /^\s*migrations:/m.test(app);
    found.set(dir, { name: dir, port, schema, hasMigrations, keys: new Set([...platformKeys, ...own]) });
  }
  return found;
}

/** Keys whose default is a loopback URL: in a container they must be set, or they point nowhere. */
export function loopbackDefaults(service: ServiceFacts): string[] {
  const schemas: TObject[] = [PlatformConfig, ...(service.schema ? [service.schema] : [])];
  const keys: string[] = [];
  for (const schema of schemas) {
    for (const [key, property] of Object.entries(schema.properties)) {
      const fallback = (property as { default?: unknown }).default;
      if (typeof fallback === 'string' && /^[a-z]+:\/\/(127\.0\.0\.1|localhost)[:/]/.test(fallback)) {
        keys.push(key);
      }
    }
  }
  return keys;
}

/** The kit's own start-up validation, run on the environment a deployment gives a service. */
export function checkServiceEnv(where: string, service: ServiceFacts, env: Record<string, string>): void {
  for (const key of Object.keys(env)) {
    if (!service.keys.has(key)) fail(where, `${key} is set but ${service.name} reads no such setting`);
  }
  for (const key of loopbackDefaults(service)) {
    if (env[key] === undefined) {
      fail(where, `${key} is not set: its default points at this container's own loopback`);
    }
  }
  for (const schema of [PlatformConfig, ...(service.schema ? [service.schema] : [])]) {
    try {
      loadConfig(schema, env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) fail(where, `${service.name} would refuse to start: ${problem}`);
    }
  }
}

/** host:port of every URL in a value (a comma-separated list counts). */
export function urlsIn(value: string): URL[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^[a-z][a-z0-9+.-]*:\/\//i.test(part))
    .flatMap((part) => {
      try {
        return [new URL(part)];
      } catch {
        return [];
      }
    });
}

export const DEFAULT_PORTS: Record<string, number> = {
  'http:': 80,
  'https:': 443,
  'postgres:': 5432,
  'postgresql:': 5432,
  'redis:': 6379,
  'amqp:': 5672,
  'amqps:': 5671,
  'smtp:': 25,
  'smtps:': 465,
};
export const portOf = (url: URL) => (url.port ? Number(url.port) : (DEFAULT_PORTS[url.protocol] ?? 0));

/**
 * Settings a service falls back on a public development value for when unset (with a warning):
 * fine on a laptop, a hole in a deployment, so every deployment must set them.
 */
const DEPLOYMENT_SECRETS: Record<string, readonly string[]> = {
  payments: ['PAYMENTS_CARD_TOKEN_SECRET'],
};

/** Fails for each development-only fallback a deployment leaves in use. */
export function checkDeploymentSecrets(
  where: string,
  service: ServiceFacts,
  env: Record<string, string>,
): void {
  for (const key of DEPLOYMENT_SECRETS[service.name] ?? []) {
    if (!env[key]) fail(where, `${key} is not set: ${service.name} would use its public development value`);
  }
}
