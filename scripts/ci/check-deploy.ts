/**
 * Checks the deployment files offline, the way CI does (`bash scripts/ci/check-deploy.sh` runs
 * nginx -t first, then this):
 *
 * - Dockerfile: parsed and linted (dockerfile-utils), multi-stage, `ARG SERVICE`, non-root, healthcheck.
 * - deploy/compose/compose.yaml: interpolated with .env.example, validated against the Compose
 *   specification's JSON schema (the one dclint ships), then against the code: every service is
 *   there with its replicas, healthcheck and restart policy; every variable it sets is one the
 *   service reads, with a value the service accepts (the kit's own config validation); every
 *   setting whose default points at 127.0.0.1 is overridden; every URL names a Compose service
 *   on its real port; every file mounted exists; nginx's upstream is the gateway.
 * - deploy/k8s: each overlay rendered by `kubectl kustomize` and every object validated against
 *   the Kubernetes schemas (kubernetes-models: types, required fields, enums, formats) and, for
 *   unknown or misspelled fields, type-checked by TypeScript against the same models; then the
 *   same code checks as Compose, plus probes, resources, security contexts, selectors, HPAs,
 *   PDBs, the Ingress backend and the default-deny network policy.
 *
 * Prints every problem found and exits 1 if there is any.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, PlatformConfig, type TObject } from '@comptoir/platform';
import { Ajv } from 'ajv';
import { validate as lintDockerfile } from 'dockerfile-utils';
import ts from 'typescript';
import { parseAllDocuments, parseDocument } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const problems: string[] = [];
const fail = (where: string, message: string) => {
  const problem = `${where}: ${message}`;
  if (!problems.includes(problem)) problems.push(problem);
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

// ------------------------------------------------------------------ the services, from the code

interface ServiceFacts {
  name: string;
  port: number;
  schema: TObject | undefined;
  keys: Set<string>;
}

async function loadServices(): Promise<Map<string, ServiceFacts>> {
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
    found.set(dir, { name: dir, port, schema, keys: new Set([...platformKeys, ...own]) });
  }
  return found;
}

/** Keys whose default is a loopback URL: in a container they must be set, or they point nowhere. */
function loopbackDefaults(service: ServiceFacts): string[] {
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
function checkServiceEnv(where: string, service: ServiceFacts, env: Record<string, string>): void {
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
function urlsIn(value: string): URL[] {
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

const DEFAULT_PORTS: Record<string, number> = {
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
const portOf = (url: URL) => (url.port ? Number(url.port) : (DEFAULT_PORTS[url.protocol] ?? 0));

// ------------------------------------------------------------------ Dockerfile

function checkDockerfile(): void {
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
  for (const diagnostic of lintDockerfile(text)) {
    if (diagnostic.severity === 1) {
      const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
      fail(`Dockerfile:${diagnostic.range.start.line + 1}`, message);
    }
  }
  const lines = text.split('\n').filter((line) => !line.trim().startsWith('#'));
  const instructions = lines.map((line) => line.trim().split(/\s+/)[0]?.toUpperCase() ?? '');
  if (instructions.filter((i) => i === 'FROM').length < 2) fail('Dockerfile', 'not multi-stage');
  if (!lines.some((line) => /^\s*ARG\s+SERVICE\b/.test(line))) fail('Dockerfile', 'no ARG SERVICE');
  const users = lines.filter((line) => /^\s*USER\s/.test(line));
  const lastUser = users.at(-1)?.trim().split(/\s+/)[1] ?? 'root';
  if (/^(root|0)(:|$)/.test(lastUser)) fail('Dockerfile', 'the runtime stage runs as root');
  if (!instructions.includes('HEALTHCHECK')) fail('Dockerfile', 'no HEALTHCHECK');
  if (!existsSync(join(root, '.dockerignore'))) fail('.dockerignore', 'missing');
}

// ------------------------------------------------------------------ Compose

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

function checkCompose(services: Map<string, ServiceFacts>): void {
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

// ------------------------------------------------------------------ Kubernetes

interface K8sObject extends Json {
  apiVersion: string;
  kind: string;
  metadata: Json & { name: string; namespace?: string; labels?: Record<string, string> };
}

/** Where kubernetes-models keeps a kind: `apps/v1` → `apps/v1/Deployment`, `v1` → `v1/Service`. */
const modelPath = (object: K8sObject) => `kubernetes-models/${object.apiVersion}/${object.kind}`;

async function validateWithModels(where: string, objects: K8sObject[]): Promise<void> {
  for (const object of objects) {
    const at = `${where} ${object.kind}/${object.metadata?.name}`;
    const file = join(root, 'node_modules', `${modelPath(object)}.js`);
    if (!existsSync(file)) {
      fail(at, `${object.apiVersion} ${object.kind} is not a Kubernetes API kind`);
      continue;
    }
    const module = (await import(modelPath(object))) as Record<
      string,
      new (
        data: unknown,
      ) => { validate(): void }
    >;
    const Model = module[object.kind];
    if (!Model) {
      fail(at, `kubernetes-models has no ${object.kind}`);
      continue;
    }
    // kustomize folds long base64 values over lines; the API server's decoder (Go's base64)
    // skips line breaks, the schema's "byte" format does not.
    const data =
      object.kind === 'Secret' ? object.data : object.kind === 'ConfigMap' ? object.binaryData : undefined;
    const unfolded = isObject(data)
      ? {
          ...object,
          [object.kind === 'Secret' ? 'data' : 'binaryData']: Object.fromEntries(
            Object.entries(data).map(([k, v]) => [k, String(v).replace(/[\r\n]/g, '')]),
          ),
        }
      : object;
    try {
      new Model(unfolded).validate();
    } catch (error) {
      fail(at, `schema: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * The OpenAPI schemas allow any extra field; kubectl (and the API server, strictly) do not. The
 * same models' TypeScript types do: an object literal typed with them rejects unknown fields.
 */
function checkUnknownFields(where: string, objects: K8sObject[]): void {
  const file = join(root, 'scripts/ci/__deploy_check__.ts');
  const known = objects.filter((object) =>
    existsSync(join(root, 'node_modules', `${modelPath(object)}.d.ts`)),
  );
  const lines: string[] = [];
  const owners: Array<{ from: number; object: K8sObject }> = [];
  known.forEach((object, i) => {
    lines.push(`import type { I${object.kind} as T${i} } from '${modelPath(object)}';`);
  });
  known.forEach((object, i) => {
    owners.push({ from: lines.length, object });
    lines.push(...`export const o${i}: T${i} = ${JSON.stringify(object, null, 1)};`.split('\n'));
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const program = ts.createProgram([file], options, host);
  const sourceFile = program.getSourceFile(file);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (!sourceFile || diagnostic.file?.fileName !== file || diagnostic.start === undefined) {
      fail(where, `type check: ${message}`);
      continue;
    }
    const line = sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line;
    const owner = [...owners].reverse().find((o) => o.from <= line)?.object;
    const name = owner ? `${owner.kind}/${owner.metadata.name}` : 'import';
    fail(`${where} ${name}`, `type check: ${message}`);
  }
}

const matches = (selector: unknown, labels: Record<string, string> | undefined) =>
  isObject(selector) &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function checkKubernetesSemantics(
  where: string,
  objects: K8sObject[],
  services: Map<string, ServiceFacts>,
  externalSecrets: readonly string[],
): void {
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const seen = new Set<string>();
  for (const object of objects) {
    const id = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    if (seen.has(id)) fail(where, `${object.kind} ${object.metadata.name} is defined twice`);
    seen.add(id);
  }
  const deployments = byKind('Deployment');
  const k8sServices = byKind('Service');
  const configMaps = new Map(byKind('ConfigMap').map((o) => [o.metadata.name, o]));
  const secrets = new Map(byKind('Secret').map((o) => [o.metadata.name, o]));
  const hpas = byKind('HorizontalPodAutoscaler');
  const podLabels = (d: K8sObject) =>
    ((((d.spec as Json)?.template as Json)?.metadata as Json)?.labels ?? {}) as Record<string, string>;
  const podSpec = (d: K8sObject) => ((d.spec as Json).template as Json).spec as Json;

  for (const name of services.keys()) {
    if (!deployments.some((d) => d.metadata.name === name)) fail(where, `no Deployment ${name}`);
  }

  for (const deployment of deployments) {
    const at = `${where} Deployment/${deployment.metadata.name}`;
    const spec = deployment.spec as Json;
    if (!matches((spec.selector as Json)?.matchLabels, podLabels(deployment))) {
      fail(at, 'its selector does not match its pod template labels');
    }
    const service = services.get(deployment.metadata.name);
    if (!service) continue;
    const pod = podSpec(deployment);
    const podSecurity = (pod.securityContext ?? {}) as Json;
    if (podSecurity.runAsNonRoot !== true) fail(at, 'pod securityContext.runAsNonRoot is not true');
    if ((podSecurity.seccompProfile as Json)?.type !== 'RuntimeDefault')
      fail(at, 'pod seccompProfile is not RuntimeDefault');
    const emptyDirs = new Set(
      asArray(pod.volumes)
        .filter((v) => isObject(v) && v.emptyDir)
        .map((v) => (v as Json).name),
    );
    for (const container of asArray(pod.containers) as Json[]) {
      const cat = `${at} container ${String(container.name)}`;
      const ports = asArray(container.ports) as Json[];
      const portNames = new Map(ports.map((p) => [String(p.name), Number(p.containerPort)]));
      if (![...portNames.values()].includes(service.port)) fail(cat, `no container port ${service.port}`);
      const probes: Array<[string, string]> = [
        ['startupProbe', '/health/live'],
        ['livenessProbe', '/health/live'],
        ['readinessProbe', '/health/ready'],
      ];
      for (const [probe, path] of probes) {
        const get = (container[probe] as Json)?.httpGet as Json | undefined;
        if (!get) {
          fail(cat, `no ${probe} (httpGet ${path})`);
          continue;
        }
        if (get.path !== path) fail(cat, `${probe} asks ${String(get.path)}, not ${path}`);
        const port = typeof get.port === 'string' ? portNames.get(get.port) : Number(get.port);
        if (port !== service.port) fail(cat, `${probe} port ${String(get.port)} is not the service's port`);
      }
      const resources = (container.resources ?? {}) as Json;
      for (const kind of ['requests', 'limits']) {
        const r = (resources[kind] ?? {}) as Json;
        if (!r.cpu || !r.memory) fail(cat, `resources.${kind} needs cpu and memory`);
      }
      const security = (container.securityContext ?? {}) as Json;
      if (security.allowPrivilegeEscalation !== false) fail(cat, 'allowPrivilegeEscalation is not false');
      if (security.readOnlyRootFilesystem !== true) fail(cat, 'readOnlyRootFilesystem is not true');
      if (!asArray((security.capabilities as Json)?.drop).includes('ALL'))
        fail(cat, 'capabilities do not drop ALL');
      const tmp = (asArray(container.volumeMounts) as Json[]).find((m) => m.mountPath === '/tmp');
      if (!tmp || !emptyDirs.has(tmp.name))
        fail(cat, 'no emptyDir mounted at /tmp (tsx writes its cache there)');

      // The environment the service will see, checked by the kit's own validation.
      const env: Record<string, string> = {};
      for (const from of asArray(container.envFrom) as Json[]) {
        const cm = (from.configMapRef as Json)?.name as string | undefined;
        const secret = (from.secretRef as Json)?.name as string | undefined;
        if (cm) {
          const map = configMaps.get(cm);
          if (!map) fail(cat, `envFrom ConfigMap ${cm} is not in the render`);
          for (const [k, v] of Object.entries((map?.data ?? {}) as Record<string, string>)) {
            if (![...services.values()].some((s) => s.keys.has(k)))
              fail(`${where} ConfigMap/${cm}`, `${k}: no service reads it`);
            else if (service.keys.has(k)) env[k] = v;
          }
        }
        if (secret) {
          const found = secrets.get(secret);
          if (!found && !externalSecrets.includes(secret))
            fail(cat, `envFrom Secret ${secret} is not in the render`);
          const data = Object.fromEntries(
            Object.entries((found?.data ?? {}) as Record<string, string>).map(([k, v]) => [
              k,
              Buffer.from(v, 'base64').toString('utf8'),
            ]),
          );
          for (const [k, v] of Object.entries({
            ...data,
            ...((found?.stringData ?? {}) as Record<string, string>),
          })) {
            if (![...services.values()].some((s) => s.keys.has(k)))
              fail(`${where} Secret/${secret}`, `${k}: no service reads it`);
            else if (service.keys.has(k)) env[k] = v;
          }
          if (!found) {
            // Made outside the repository: what the services need from it, stood in for.
            env.COMPTOIR_DATABASE_URL ??= 'postgres://external/postgres';
            env.COMPTOIR_AMQP_URL ??= 'amqp://external';
            if (service.keys.has('ORDERING_CLIENT_SECRET')) env.ORDERING_CLIENT_SECRET ??= 'stand-in-secret';
          }
        }
      }
      for (const item of asArray(container.env) as Json[]) {
        if (typeof item.value === 'string') {
          if (!service.keys.has(String(item.name)))
            fail(cat, `${String(item.name)} is set but ${service.name} reads no such setting`);
          env[String(item.name)] = item.value;
        }
      }
      checkServiceEnv(cat, service, env);
      for (const [key, value] of Object.entries(env)) {
        for (const url of urlsIn(value)) {
          const host = url.hostname;
          if (host.includes('.') || host === 'localhost' || host === 'external') continue;
          const target = k8sServices.find((s) => s.metadata.name === host);
          if (!target) {
            if (url.protocol.startsWith('http'))
              fail(cat, `${key} points at ${host}, which is not a Service here`);
            continue;
          }
          const servicePorts = asArray((target.spec as Json).ports).map((p) => Number((p as Json).port));
          if (!servicePorts.includes(portOf(url))) {
            fail(
              cat,
              `${key} points at ${host}:${portOf(url)}, but that Service serves ${servicePorts.join(', ')}`,
            );
          }
        }
      }
    }
  }

  for (const svc of k8sServices) {
    const at = `${where} Service/${svc.metadata.name}`;
    const selector = (svc.spec as Json).selector;
    const backing = deployments.filter((d) => matches(selector, podLabels(d)));
    if (backing.length === 0) fail(at, 'its selector matches no Deployment');
    for (const port of asArray((svc.spec as Json).ports) as Json[]) {
      if (typeof port.targetPort !== 'string') continue;
      const named = backing.some((d) =>
        (asArray(podSpec(d).containers) as Json[]).some((c) =>
          asArray(c.ports).some((p) => (p as Json).name === port.targetPort),
        ),
      );
      if (!named) fail(at, `targetPort ${port.targetPort} is no container port name`);
    }
  }

  for (const name of ['gateway', 'catalog', 'ordering']) {
    if (!hpas.some((h) => ((h.spec as Json).scaleTargetRef as Json)?.name === name))
      fail(where, `no HPA for ${name}`);
  }
  for (const hpa of hpas) {
    const at = `${where} HorizontalPodAutoscaler/${hpa.metadata.name}`;
    const spec = hpa.spec as Json;
    const target = deployments.find((d) => d.metadata.name === (spec.scaleTargetRef as Json)?.name);
    if (!target) fail(at, 'its scaleTargetRef is no Deployment here');
    else if ((target.spec as Json).replicas !== undefined) {
      fail(at, `Deployment ${target.metadata.name} sets replicas: every apply would undo the autoscaler`);
    }
    if (Number(spec.minReplicas ?? 1) > Number(spec.maxReplicas)) fail(at, 'minReplicas > maxReplicas');
  }
  for (const pdb of byKind('PodDisruptionBudget')) {
    const selector = ((pdb.spec as Json).selector as Json)?.matchLabels;
    if (!deployments.some((d) => matches(selector, podLabels(d)))) {
      fail(`${where} PodDisruptionBudget/${pdb.metadata.name}`, 'its selector matches no Deployment');
    }
  }
  for (const ingress of byKind('Ingress')) {
    for (const rule of asArray((ingress.spec as Json).rules) as Json[]) {
      for (const path of asArray((rule.http as Json)?.paths) as Json[]) {
        const backend = (path.backend as Json)?.service as Json;
        const target = k8sServices.find((s) => s.metadata.name === backend?.name);
        const port = backend?.port as Json;
        const served = asArray((target?.spec as Json)?.ports) as Json[];
        if (!target || !served.some((p) => p.name === port?.name || p.port === port?.number)) {
          fail(
            `${where} Ingress/${ingress.metadata.name}`,
            `backend ${String(backend?.name)} is not a Service port here`,
          );
        }
      }
    }
  }
  const policies = byKind('NetworkPolicy');
  const denyAll = policies.some((p) => {
    const spec = p.spec as Json;
    const types = asArray(spec.policyTypes);
    return (
      isObject(spec.podSelector) &&
      Object.keys(spec.podSelector).length === 0 &&
      types.includes('Ingress') &&
      types.includes('Egress') &&
      !spec.ingress &&
      !spec.egress
    );
  });
  if (!denyAll)
    fail(where, 'no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)');
  const dns = policies.some((p) =>
    (asArray((p.spec as Json).egress) as Json[]).some((rule) =>
      (asArray(rule.ports) as Json[]).some((port) => Number(port.port) === 53),
    ),
  );
  if (!dns) fail(where, 'no NetworkPolicy lets pods reach DNS (port 53)');
}

function render(overlay: string): K8sObject[] | undefined {
  const where = `deploy/k8s/overlays/${overlay}`;
  const result = spawnSync('kubectl', ['kustomize', join(root, where)], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    fail(where, `kubectl kustomize failed: ${result.error?.message ?? result.stderr.trim()}`);
    return undefined;
  }
  const objects: K8sObject[] = [];
  for (const document of parseAllDocuments(result.stdout)) {
    for (const error of document.errors) fail(where, `rendered YAML: ${error.message}`);
    const object = document.toJS() as unknown;
    if (object === null) continue;
    if (!isObject(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
      fail(where, 'a rendered document is not a Kubernetes object');
      continue;
    }
    objects.push(object as K8sObject);
  }
  return objects;
}

// ------------------------------------------------------------------ GitHub Actions

function checkWorkflow(): void {
  const where = '.github/workflows/ci.yml';
  const document = parseDocument(readFileSync(join(root, where), 'utf8'));
  for (const error of document.errors) fail(where, `YAML: ${error.message}`);
  const workflow = document.toJS() as Json;
  const jobs = isObject(workflow.jobs) ? Object.values(workflow.jobs) : [];
  const steps = jobs.flatMap((job) => asArray((job as Json).steps)) as Json[];
  if (!steps.some((step) => typeof step.run === 'string' && step.run.includes('bash .ci/run'))) {
    fail(where, 'no step runs bash .ci/run');
  }
  const containers = jobs.flatMap((job) => Object.values(((job as Json).services ?? {}) as Json)) as Json[];
  for (const image of ['postgres', 'redis', 'rabbitmq']) {
    if (!containers.some((c) => String(c.image).startsWith(image)))
      fail(where, `no ${image} service container`);
  }
}

// ------------------------------------------------------------------ run

const started = Date.now();
const services = await loadServices();
checkDockerfile();
checkCompose(services);
checkWorkflow();
const externalSecrets: Record<string, readonly string[]> = { dev: [], prod: ['comptoir-secrets'] };
let rendered = 0;
for (const overlay of ['dev', 'prod']) {
  const objects = render(overlay);
  if (!objects) continue;
  rendered += objects.length;
  const where = `deploy/k8s/overlays/${overlay}`;
  await validateWithModels(where, objects);
  checkUnknownFields(where, objects);
  checkKubernetesSemantics(where, objects, services, externalSecrets[overlay] ?? []);
}

if (problems.length > 0) {
  console.error(`${problems.length} problem(s) in the deployment files:`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
console.log(
  `deployment files: Dockerfile, compose.yaml (${services.size} services), CI workflow and ${rendered} Kubernetes objects ` +
    `of 2 overlays are valid (${Date.now() - started} ms)`,
);
