/**
 * Requests for one operation of the document, generated: valid ones from its schemas (with the
 * world's real ids in the path half of the time, so they reach real objects), and invalid ones —
 * a spoiled body, odd or huge path and query values, malformed JSON, a body that is not JSON —
 * each from one of the callers.
 */
import fc from 'fast-check';
import { hugeString, invalidObject, oddStrings, type Schema, valid } from './arbitraries.ts';
import type { Operation } from './openapi.ts';
import type { RawRequest } from './send.ts';
import { type Caller, ROLE_NAMES } from './world.ts';

export type Flavour = 'valid' | 'bad-body' | 'bad-params' | 'bad-encoding';

export interface Generated {
  caller: Caller;
  flavour: Flavour;
  request: Omit<RawRequest, 'token'>;
}

/** Percent-encoded; a lone surrogate (which no URL can carry) becomes U+FFFD first. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const encode = (value: unknown) =>
  encodeURIComponent(
    (typeof value === 'string' ? value : JSON.stringify(value)).replace(LONE_SURROGATE, '\ufffd'),
  );

/**
 * `realIds(path, name)`: ids of existing objects for that path parameter (may be empty).
 * `resolve` follows the document's `$ref`s.
 */
export function requestsFor(
  operation: Operation,
  realIds: (path: string, name: string) => readonly string[],
  resolve: (ref: string) => Schema,
): fc.Arbitrary<Generated> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const headerParams = operation.parameters.filter((p) => p.in === 'header');

  const pathValue = (name: string, schema: Schema, spoil: boolean): fc.Arbitrary<string> => {
    const known = realIds(operation.path, name);
    const generated = spoil
      ? fc.oneof(
          oddStrings,
          hugeString.map((s) => s.slice(0, 3000)),
        )
      : valid(schema, resolve).map(String);
    // An empty, `.` or `..` segment is another URL (another route), not a bad value for this one.
    const usable = generated.filter((value) => !['', '.', '..'].includes(value));
    return known.length > 0 && !spoil ? fc.oneof(fc.constantFrom(...known), usable) : usable;
  };

  const queryValue = (schema: Schema, spoil: boolean): fc.Arbitrary<unknown> =>
    spoil
      ? fc.oneof(
          oddStrings,
          fc.constantFrom('-1', '0', '1e9', '99999999999999999999', 'true', '[]'),
          // Long, yet the whole URL stays under Node's 16 KB header limit (a 431 before any code runs).
          hugeString.map((s) => s.slice(0, 2000)),
        )
      : valid(schema, resolve);

  const build = (flavour: Flavour) => {
    const spoilParams = flavour === 'bad-params';
    const path = fc.record(
      Object.fromEntries(pathParams.map((p) => [p.name, pathValue(p.name, p.schema ?? {}, spoilParams)])),
    );
    const query = fc.record(
      Object.fromEntries(queryParams.map((p) => [p.name, queryValue(p.schema ?? {}, spoilParams)])),
      { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) },
    );
    const headers = fc.record(
      Object.fromEntries(headerParams.map((p) => [p.name, spoilParams ? oddStrings.map(encode) : fc.uuid()])),
      { requiredKeys: headerParams.filter((p) => p.required).map((p) => p.name) },
    );
    let body: fc.Arbitrary<{ text?: string; type?: string }> = fc.constant({});
    if (operation.body) {
      const good = valid(operation.body, resolve);
      if (flavour === 'bad-body')
        body = invalidObject(operation.body, good).map((value) => ({ text: JSON.stringify(value) }));
      else if (flavour === 'bad-encoding')
        body = fc.oneof(
          fc.constantFrom('{"a":', '{', 'nul', '[1,2', '{"a":1}}', '\u0000').map((text) => ({ text })),
          good.map((value) => ({ text: JSON.stringify(value), type: 'text/plain' })),
          good.map((value) => ({ text: JSON.stringify(value), type: 'application/xml' })),
        );
      else body = good.map((value) => ({ text: JSON.stringify(value) }));
      if (!operation.bodyRequired && flavour === 'valid') body = fc.oneof(body, fc.constant({}));
    } else if (flavour === 'bad-body' && operation.method !== 'GET') {
      // An operation without a body, sent one anyway.
      body = fc.jsonValue({ maxDepth: 2 }).map((value) => ({ text: JSON.stringify(value) }));
    }
    return fc
      .record({ caller: fc.constantFrom(...ROLE_NAMES), path, query, headers, body })
      .map(({ caller, path: values, query: q, headers: h, body: b }): Generated => {
        let url = operation.path.replace(/^\/api/, '');
        for (const [name, value] of Object.entries(values)) url = url.replace(`{${name}}`, encode(value));
        const search = Object.entries(q)
          .map(([name, value]) => `${encodeURIComponent(name)}=${encode(value)}`)
          .join('&');
        const request: Generated['request'] = {
          method: operation.method,
          url: search ? `${url}?${search}` : url,
          headers: h as Record<string, string>,
          ...(b.text === undefined ? {} : { body: b.text }),
          ...(b.type === undefined ? {} : { contentType: b.type }),
        };
        return { caller, flavour, request };
      });
  };

  return fc.oneof(
    { weight: 5, arbitrary: build('valid') },
    { weight: 2, arbitrary: build('bad-body') },
    { weight: 2, arbitrary: build('bad-params') },
    { weight: 1, arbitrary: build('bad-encoding') },
  );
}
