/**
 * The merged OpenAPI document as a test reads it: its operations, and a check of an answer
 * against what the operation documents (the status is listed, the body matches the schema of
 * that status and media type). Schemas are checked by Ajv's JSON Schema 2020-12 (OpenAPI 3.1's
 * dialect) with formats.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Schema } from './arbitraries.ts';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  /** The document's path template, e.g. `/api/cart/carts/{id}`. */
  path: string;
  id: string;
  parameters: Parameter[];
  /** The JSON body schema, when the operation takes one. */
  body?: Schema;
  bodyRequired: boolean;
  /** Documented statuses → media type → schema (undefined: no body documented). */
  responses: Map<number, Map<string, Schema | undefined>>;
}

export interface Document {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** Follows a local `#/components/...` reference in the document. */
export function resolver(document: Document): (ref: string) => Schema {
  return (ref) => {
    let node: unknown = document;
    for (const part of ref.replace(/^#\//, '').split('/'))
      node = (node as Record<string, unknown>)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    return node as Schema;
  };
}

export function operationsOf(document: Document): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      const content = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
        ?.content;
      const responses = new Map<number, Map<string, Schema | undefined>>();
      for (const [status, response] of Object.entries(
        (operation.responses as Record<string, { content?: Record<string, { schema?: Schema }> }>) ?? {},
      )) {
        const media = new Map<string, Schema | undefined>();
        for (const [type, entry] of Object.entries(response.content ?? {})) media.set(type, entry.schema);
        responses.set(Number(status), media);
      }
      operations.push({
        method: method.toUpperCase(),
        path,
        id: `${method.toUpperCase()} ${path}`,
        parameters: [
          ...((item.parameters as unknown as Parameter[] | undefined) ?? []),
          ...((operation.parameters as Parameter[]) ?? []),
        ],
        ...(content?.['application/json']?.schema ? { body: content['application/json'].schema } : {}),
        bodyRequired: Boolean((operation.requestBody as { required?: boolean } | undefined)?.required),
        responses,
      });
    }
  }
  return operations;
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * What is wrong with `answer` for `operation`, or undefined: an undocumented status, a problem
 * that is not problem+json, a body that does not match its documented schema.
 */
export class ResponseChecker {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(document: Document) {
    addFormats.default(this.#ajv);
    // References inside response schemas point into the document's components.
    this.#ajv.addSchema({ $id: 'urn:comptoir:openapi', components: document.components ?? {} });
  }

  #validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.#compiled.get(key);
    if (!validate) {
      const rebased = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', '"urn:comptoir:openapi#/components/'),
      );
      validate = this.#ajv.compile(rebased);
      this.#compiled.set(key, validate);
    }
    return validate;
  }

  problem(operation: Operation, answer: Answer): string | undefined {
    const documented = operation.responses.get(answer.status);
    if (!documented)
      return `status ${answer.status} is not documented (${[...operation.responses.keys()].join(', ')})`;
    const mediaType = answer.contentType.split(';')[0]?.trim() ?? '';
    if (documented.size === 0) {
      if (answer.text.length > 0)
        return `status ${answer.status} documents no body: ${answer.text.slice(0, 80)}`;
      return undefined;
    }
    // An error is problem+json unless the operation documents another type for it (OAuth2's errors).
    if (!documented.has(mediaType))
      return answer.status >= 400
        ? `a ${answer.status} answered ${mediaType || 'no content type'}, not application/problem+json`
        : `media type ${mediaType || 'none'} is not documented for ${answer.status} (${[...documented.keys()].join(', ')})`;
    const schema = documented.get(mediaType);
    // A stream or a CSV export: its documented type is the contract checked here.
    if (!schema || !mediaType.endsWith('json')) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return `a ${mediaType} body that is not JSON: ${answer.text.slice(0, 80)}`;
    }
    const validate = this.#validator(`${operation.id} ${answer.status} ${mediaType}`, schema);
    if (validate(body)) return undefined;
    return `body does not match the ${answer.status} schema: ${this.#ajv.errorsText(validate.errors)} — ${answer.text.slice(0, 200)}`;
  }
}
