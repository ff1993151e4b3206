import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';
import { asArray, fail, isObject, type Json, root } from './problems.ts';
import { checkDeploymentSecrets, checkServiceEnv, portOf, type ServiceFacts, urlsIn } from './services.ts';

/** Compose-style interpolation: $$, ${X}, ${X:-d}, ${X-d}, ${X:?e}, ${X?e}, ${X:+v}. */
function interpolate(value: unknown, vars: Record<string, string>, where: string): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (match, name?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
        if (match === '$$') return '$';
        const key = name ?? bare ?? '';
        const set = vars[key];
        const present = colon ? set !== undefined && set !== '' : set !== undefined;
        if (op === '-') return present ? (set as string) : String(interpolate(arg ?? '', vars, where));
        if (op === '?') {
          if (!present) fail(where, `\${${key}} is required (${arg}) and .env.example does not give it`);
          return set ?? '';
        }
        if (op === '+') return present ? String(interpolate(arg ?? '', vars, where)) : '';
        return set ?? '';
      },
    );
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, vars, where));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, where)]));
  }
  return value;
}

function readEnvFile(path: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match?.[1]) vars[match[1]] = match[2] ?? '';
  }
  return vars;
}

function environmentOf(service: Json): Record<string, string> {
  const env = service.environment;
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const [key, ...rest] = String(entry).split('=');
        return [key ?? '', rest.join('=')];
      }),
    );
  }
  if (isObject(env)) {
    return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
  }
  return {};
}

export function checkCompose(services: Map<string, ServiceFacts>): void {
  const dir = join(root, 'deploy/compose');
  const file = join(dir, 'compose.yaml');
  const where = 'deploy/compose/compose.yaml';
  const document = parseDocument(readFileSync(file, 'utf8'), { merge: true });
  for (const error of document.errors) fail(where, `YAML: ${error.message}`);
  if (document.errors.length > 0) return;
  const raw = document.toJS({ maxAliasCount: -1 }) as Json;

  // Values the file needs, as an operator would set them; secrets left empty get a valid stand-in.
  const vars = readEnvFile(join(dir, '.env.example'));
  vars.IDENTITY_KEY_ENCRYPTION_KEY ||= 'Y2hlY2stZGVwbG95LWtleS1jaGVjay1kZXBsb3ktMDA';
  vars.ORDERING_CLIENT_SECRET ||= 'check-deploy-stand-in-secret-0123456789';
  vars.PAYMENTS_CARD_TOKEN_SECRET ||= 'check-deploy-stand-in-card-token-secret-0123456789';
  const compose = interpolate(raw, vars, where) as Json;

  const schemaPath = join(root, 'node_modules/dclint/schemas/compose.schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Json;
  // Draft-07, named by its https address, which Ajv's draft-07 meta-schema is not registered under.
  if (!String(schema.$schema).includes('draft-07'))
    fail(schemaPath, `unexpected meta-schema ${String(schema.$schema)}`);
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(schema);
  if (!validate(compose)) {
    for (const error of validate.errors ?? []) {
      fail(
        where,
        `Compose schema: ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
      );
    }
  }

  const defined = isObject(compose.services) ? compose.services : {};
  const names = new Set(Object.keys(defined));
  const networks = new Set(Object.keys(isObject(compose.networks) ? compose.networks : {}));
  const volumes = new Set(Object.keys(isObject(compose.volumes) ? compose.volumes : {}));
  const configs = isObject(compose.configs) ? compose.configs : {};

  for (const [name, config] of Object.entries(configs)) {
    const path = isObject(config) && typeof config.file === 'string' ? config.file : undefined;
    if (path && !existsSync(resolve(dir, path))) fail(where, `config ${name}: file ${path} does not exist`);
  }

  const published = new Map<string, string>();
  for (const [name, value] of Object.entries(defined)) {
    if (!isObject(value)) continue;
    const at = `${where} service ${name}`;
    const health = isObject(value.healthcheck) ? value.healthcheck : undefined;
    if (!health || health.disable === true || !Array.isArray(health.test)) fail(at, 'no healthcheck');
    const deploy = isObject(value.deploy) ? value.deploy : {};
    if (!value.restart && !isObject(deploy.restart_policy)) fail(at, 'no restart policy');
    // Values Swarm accepts that the schema leaves as free strings.
    const enums: Array<[string, unknown, string[]]> = [
      ['deploy.mode', deploy.mode, ['replicated', 'global', 'replicated-job', 'global-job']],
      [
        'deploy.restart_policy.condition',
        (deploy.restart_policy as Json)?.condition,
        ['none', 'on-failure', 'any'],
      ],
      ...(['update_config', 'rollback_config'] as const).flatMap(
        (key): Array<[string, unknown, string[]]> => [
          [`deploy.${key}.order`, (deploy[key] as Json)?.order, ['stop-first', 'start-first']],
          [
            `deploy.${key}.failure_action`,
            (deploy[key] as Json)?.failure_action,
            ['continue', 'rollback', 'pause'],
          ],
        ],
      ),
    ];
    for (const [key, actual, allowed] of enums) {
      if (actual !== undefined && !allowed.includes(String(actual))) {
        fail(at, `${key} is ${String(actual)}, not one of ${allowed.join(', ')}`);
      }
    }
    for (const dependency of Object.keys(isObject(value.depends_on) ? value.depends_on : {})) {
      if (!names.has(dependency)) fail(at, `depends on ${dependency}, which is not a service`);
    }
    for (const network of asArray(value.networks)) {
      if (!networks.has(String(network))) fail(at, `network ${String(network)} is not declared`);
    }
    for (const ref of asArray(value.configs)) {
      const source = isObject(ref) ? String(ref.source) : String(ref);
      if (!(source in configs)) fail(at, `config ${source} is not declared`);
    }
    for (const mount of asArray(value.volumes)) {
      const spec = isObject(mount)
        ? { type: String(mount.type ?? 'volume'), source: mount.source ? String(mount.source) : '' }
        : (() => {
            const source = String(mount).split(':')[0] ?? '';
            return { type: /^[./~]/.test(source) ? 'bind' : 'volume', source };
          })();
      if (spec.type === 'volume' && spec.source && !volumes.has(spec.source)) {
        fail(at, `volume ${spec.source} is not declared`);
      }
      if (spec.type === 'bind' && !isAbsolute(spec.source) && !existsSync(resolve(dir, spec.source))) {
        fail(at, `bind mount source ${spec.source} does not exist`);
      }
    }
    // A file named on the command line inside a bind mount (--config.file=/etc/prometheus/x.yml).
    const binds = asArray(value.volumes)
      .filter((mount): mount is string => typeof mount === 'string' && /^[./]/.test(mount))
      .map((mount) => mount.split(':'))
      .map(([source = '', target = '']) => ({ source, target }));
    for (const arg of asArray(value.command).map(String)) {
      const path = /=(\/\S+)$/.exec(arg)?.[1];
      const bind = path ? binds.find((b) => path.startsWith(`${b.target}/`)) : undefined;
      if (path && bind && !existsSync(resolve(dir, bind.source, path.slice(bind.target.length + 1)))) {
        fail(at, `${arg}: no such file in ${bind.source}`);
      }
    }
    for (const port of asArray(value.ports)) {
      const key = isObject(port) ? String(port.published) : String(port).split(':').at(-2);
      if (!key) continue;
      const other = published.get(key);
      if (other) fail(at, `publishes port ${key}, already published by ${other}`);
      published.set(key, name);
    }

    const env = environmentOf(value);
    for (const [key, envValue] of Object.entries(env)) {
      for (const url of urlsIn(envValue)) {
        const host = url.hostname;
        if (host.includes('.') || host === 'localhost') continue; // public addresses
        if (!names.has(host)) {
          fail(at, `${key} points at ${host}, which is not a service of this file`);
          continue;
        }
        const target = services.get(host);
        if (target && portOf(url) !== target.port) {
          fail(at, `${key} points at ${host}:${portOf(url)}, but ${host} listens on ${target.port}`);
        }
      }
    }

    const service = services.get(name);
    if (!service) continue;
    const build = isObject(value.build) ? value.build : {};
    const args = isObject(build.args) ? build.args : {};
    if (resolve(dir, String(build.context ?? '.')) !== root) fail(at, 'build context is not the repository');
    if (args.SERVICE !== name) fail(at, `build arg SERVICE is ${String(args.SERVICE)}, not ${name}`);
    if (typeof value.image !== 'string' || !value.image.includes(name)) fail(at, 'no image named after it');
    const replicas = Number(deploy.replicas ?? 1);
    const wanted = name === 'ordering' ? 3 : 2;
    if (replicas < wanted) fail(at, `deploy.replicas is ${replicas}, wanted at least ${wanted}`);
    if (!isObject(deploy.update_config)) fail(at, 'no deploy.update_config (rolling updates)');
    if (!isObject(deploy.restart_policy)) fail(at, 'no deploy.restart_policy');
    if (value.read_only !== true) fail(at, 'the root filesystem is not read-only');
    checkServiceEnv(at, service, env);
    checkDeploymentSecrets(at, service, env);
  }
  for (const service of services.keys()) {
    if (!names.has(service)) fail(where, `no service ${service}`);
  }

  // nginx's upstream: the gateway, on its port, on a network nginx shares with it.
  const nginx = readFileSync(join(root, 'deploy/nginx/nginx.conf'), 'utf8');
  const upstreams = [...nginx.matchAll(/upstream\s+\S+\s*\{([^}]*)\}/g)].flatMap((block) =>
    [...(block[1] ?? '').matchAll(/^\s*server\s+([A-Za-z0-9._-]+):(\d+)/gm)].map((m) => ({
      host: m[1] ?? '',
      port: Number(m[2]),
    })),
  );
  if (upstreams.length === 0) fail('deploy/nginx/nginx.conf', 'no upstream server');
  for (const { host, port } of upstreams) {
    const target = services.get(host);
    if (!names.has(host)) fail('deploy/nginx/nginx.conf', `upstream server ${host} is not a Compose service`);
    else if (target && target.port !== port) {
      fail('deploy/nginx/nginx.conf', `upstream ${host}:${port}, but ${host} listens on ${target.port}`);
    }
  }
}
