import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, ...options });
  addFormats.default(ajv);
  return ajv;
}

/**
 * Bodies are validated strictly: no type coercion ("12" is not a number), no silent removal of
 * unknown fields (they are refused), defaults applied. Query strings, params and headers arrive as
 * text, so they are coerced.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = makeAjv({ coerceTypes: false, removeAdditional: false, useDefaults: true });
  const coercing = makeAjv({ coerceTypes: 'array', removeAdditional: false, useDefaults: true });
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(schema as object);
  };
}
