/** The parts of an OpenAPI 3.1 document the merge touches; everything else is carried as is. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; [key: string]: unknown };
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string; description?: string; [key: string]: unknown }[];
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}

/** One service's document, placed under `pathPrefix` with its names prefixed by `service.`. */
export interface Source {
  service: string;
  pathPrefix: string;
  document: OpenApiDocument;
}

const OPERATIONS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const COMPONENT_REF = /^#\/components\/([^/]+)\/(.+)$/;

type Json = unknown;

/** A deep copy with every `#/components/<kind>/<name>` reference (and discriminator mapping) renamed. */
function renameRefs(node: Json, prefix: string): Json {
  if (Array.isArray(node)) return node.map((item) => renameRefs(item, prefix));
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string')
      copy[key] = value.replace(COMPONENT_REF, `#/components/$1/${prefix}$2`);
    else if (key === 'mapping' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      copy[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          typeof v === 'string' ? v.replace(COMPONENT_REF, `#/components/$1/${prefix}$2`) : v,
        ]),
      );
    } else copy[key] = renameRefs(value, prefix);
  }
  return copy;
}

const renameSecurity = (requirements: Record<string, string[]>[], prefix: string) =>
  requirements.map((requirement) =>
    Object.fromEntries(Object.entries(requirement).map(([scheme, scopes]) => [`${prefix}${scheme}`, scopes])),
  );

/**
 * Operation ids and tags get the service's prefix (an untagged operation is tagged with the
 * service); the document-wide security moves onto each operation. Says whether the service tag was used.
 */
function adoptOperation(operation: Record<string, Json>, source: Source, prefix: string): boolean {
  if (typeof operation.operationId === 'string') operation.operationId = `${prefix}${operation.operationId}`;
  const tags = Array.isArray(operation.tags)
    ? operation.tags.filter((t): t is string => typeof t === 'string')
    : [];
  operation.tags = tags.length > 0 ? tags.map((tag) => `${prefix}${tag}`) : [source.service];
  const security = (operation.security as Record<string, string[]>[] | undefined) ?? source.document.security;
  if (security) operation.security = renameSecurity(security, prefix);
  return tags.length === 0;
}

/**
 * Merges services' documents into one: paths under each service's public prefix, component
 * names (schemas, responses, parameters, security schemes…) prefixed with the service name and
 * every `$ref` rewritten to match, operation ids and tags prefixed. Pure: sources are not changed.
 */
export function mergeDocuments(info: OpenApiDocument['info'], sources: readonly Source[]): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, Record<string, unknown>> = {};
  const tags: NonNullable<OpenApiDocument['tags']> = [];

  for (const source of sources) {
    const prefix = `${source.service}.`;
    const { document } = source;
    let serviceTagUsed = false;
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      const renamed = renameRefs(item, prefix) as Record<string, Json>;
      for (const [method, operation] of Object.entries(renamed)) {
        if (OPERATIONS.has(method) && operation !== null && typeof operation === 'object') {
          serviceTagUsed =
            adoptOperation(operation as Record<string, Json>, source, prefix) || serviceTagUsed;
        }
      }
      paths[`${source.pathPrefix}${path === '/' && source.pathPrefix ? '' : path}`] = renamed;
    }
    for (const [kind, entries] of Object.entries(document.components ?? {})) {
      components[kind] ??= {};
      const target = components[kind];
      for (const [name, value] of Object.entries(entries))
        target[`${prefix}${name}`] = renameRefs(value, prefix);
    }
    if (serviceTagUsed) tags.push({ name: source.service, description: document.info.title });
    for (const tag of document.tags ?? []) tags.push({ ...tag, name: `${prefix}${tag.name}` });
  }

  return {
    openapi: '3.1.0',
    info,
    paths,
    ...(Object.keys(components).length > 0 ? { components } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
}
