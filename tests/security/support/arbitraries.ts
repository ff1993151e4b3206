/**
 * fast-check arbitraries from the JSON Schemas of the merged OpenAPI document: values a schema
 * accepts (`valid`), and the ways a client gets a value wrong (`invalid`). The document's schemas
 * are TypeBox's output — objects, strings with patterns and formats, integers with bounds,
 * unions — so this small generator covers them; a keyword it does not know is left unconstrained
 * (the service's own validation then answers, which is what the fuzz wants to see anyway).
 */
import fc from 'fast-check';

export type Schema = Record<string, unknown>;

const text = (schema: Schema, key: string): string | undefined =>
  typeof schema[key] === 'string' ? (schema[key] as string) : undefined;
const count = (schema: Schema, key: string): number | undefined =>
  typeof schema[key] === 'number' ? (schema[key] as number) : undefined;

/** Strings that break naive code: control characters, lone surrogates, RTL marks, SQL, paths. */
export const oddStrings: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\udfff',
    '\u202e\u0644\u0627',
    '💳🛒',
    "'; DROP TABLE orders; --",
    '../../etc/passwd',
    '%00',
    '{{7*7}}',
    '<script>alert(1)</script>',
    'null',
    '-1',
    '1e309',
    'ÿ'.repeat(300),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Long enough to exceed any field's maxLength, short enough to stay under the body limit. */
export const hugeString: fc.Arbitrary<string> = fc
  .integer({ min: 5_000, max: 60_000 })
  .map((length) => 'A'.repeat(length));

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const pattern = text(schema, 'pattern');
  const minLength = count(schema, 'minLength') ?? 0;
  const maxLength = count(schema, 'maxLength') ?? Math.max(minLength, 40);
  if (pattern) {
    // The ids and codes of the API are anchored patterns; keep what also fits the length bounds.
    return fc
      .stringMatching(new RegExp(pattern))
      .filter((value) => value.length >= minLength && value.length <= maxLength);
  }
  switch (text(schema, 'format')) {
    case 'email':
      return fc.emailAddress().filter((value) => value.length <= maxLength && value.length >= minLength);
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl();
    case 'uuid':
      return fc.uuid();
    default:
      return fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 60), unit: 'grapheme' });
  }
}

function numberOf(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = count(schema, 'exclusiveMinimum');
  const exclusiveMax = count(schema, 'exclusiveMaximum');
  const min = count(schema, 'minimum') ?? (exclusiveMin === undefined ? undefined : exclusiveMin + 1);
  const max = count(schema, 'maximum') ?? (exclusiveMax === undefined ? undefined : exclusiveMax - 1);
  if (integer) {
    const low = Math.max(min ?? -1_000_000, Number.MIN_SAFE_INTEGER);
    const high = Math.min(max ?? 1_000_000, Number.MAX_SAFE_INTEGER);
    // Mostly small values (a quantity, a price), sometimes the bounds themselves.
    return fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: low, max: Math.min(high, low + 10_000) }) },
      { weight: 1, arbitrary: fc.constantFrom(low, high) },
    );
  }
  return fc.double({ min: min ?? -1e6, max: max ?? 1e6, noNaN: true, noDefaultInfinity: true });
}

/**
 * Values `schema` accepts. `resolve` follows a `$ref`. Optional properties are present half of
 * the time, so both shapes reach the service.
 */
export function valid(schema: Schema, resolve: (ref: string) => Schema, depth = 0): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') return valid(resolve(schema.$ref), resolve, depth);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0)
      return fc.oneof(...options.map((option) => valid(option as Schema, resolve, depth + 1)));
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Schema = {};
    for (const part of schema.allOf as Schema[]) Object.assign(merged, part);
    return valid(merged, resolve, depth);
  }
  const type = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  if (type.length > 1)
    return fc.oneof(...type.map((one) => valid({ ...schema, type: one }, resolve, depth + 1)));
  switch (type[0]) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return numberOf(schema, true);
    case 'number':
      return numberOf(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items as Schema | undefined) ?? {};
      const minLength = count(schema, 'minItems') ?? 0;
      const maxLength = Math.min(count(schema, 'maxItems') ?? 4, minLength + 4);
      return fc.array(valid(items, resolve, depth + 1), { minLength, maxLength });
    }
    case 'object':
    case undefined: {
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      if (type[0] === undefined && Object.keys(properties).length === 0)
        return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties))
        record[name] = valid(property, resolve, depth + 1);
      return fc.record(record, {
        requiredKeys: Object.keys(properties).filter((name) => required.has(name)),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** A value of the wrong JSON type for `schema` (a string where a number is due, and so on). */
function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const type = schema.type;
  const choices: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.constant(true),
    fc.constant([]),
    fc.constant({}),
    fc.constant(-1),
    fc.constant(1.5),
    fc.constant(1e300),
    oddStrings,
  ];
  return fc
    .oneof(...choices)
    .filter(
      (value) =>
        !(
          (type === 'string' && typeof value === 'string') ||
          ((type === 'integer' || type === 'number') &&
            typeof value === 'number' &&
            Number.isInteger(value)) ||
          (type === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value))
        ),
    );
}

/** One way of spoiling a valid object: a field missing, unknown, of the wrong type, huge or odd. */
export function invalidObject(schema: Schema, base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const properties = Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {});
  const required = (schema.required as string[] | undefined) ?? [];
  const spoilers: fc.Arbitrary<unknown>[] = [
    // Extra fields: the mass-assignment candidates first, then junk.
    fc
      .tuple(
        base,
        fc.constantFrom('role', 'roles', 'price', 'status', 'customerId', 'total', 'stock', '__proto__', 'x'),
        fc.jsonValue({ maxDepth: 1 }),
      )
      .map(([value, key, extra]) =>
        value !== null && typeof value === 'object' ? { ...value, [key]: extra } : { [key]: extra },
      ),
    // Not an object at all.
    fc.oneof(fc.constant(null), fc.constant([]), fc.constant('body'), fc.constant(42)),
  ];
  if (required.length > 0)
    spoilers.push(
      fc.tuple(base, fc.constantFrom(...required)).map(([value, key]) => {
        const copy = { ...(value as object) } as Record<string, unknown>;
        delete copy[key];
        return copy;
      }),
    );
  if (properties.length > 0) {
    const names = properties.map(([name]) => name);
    const byName = Object.fromEntries(properties);
    spoilers.push(
      fc
        .tuple(base, fc.constantFrom(...names))
        .chain(([value, key]) =>
          fc
            .oneof(wrongType(byName[key] ?? {}), hugeString, oddStrings)
            .map((bad) => ({ ...(value as object), [key]: bad })),
        ),
    );
  }
  return fc.oneof(...spoilers);
}
