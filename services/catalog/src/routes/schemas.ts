import { type TSchema, Type } from '@comptoir/platform';

/** RFC 9457 problem details as the kit sends them; extensions (e.g. `currentVersion`) may follow. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String({ description: 'Stable error code, e.g. CATALOG_SKU_TAKEN.' }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          pointer: Type.String({ description: 'JSON pointer to the field, e.g. /body/price/amount.' }),
          detail: Type.String(),
        }),
      ),
    ),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true, title: 'Problem' },
);

const meanings: Record<number, string> = {
  400: 'The request is malformed or a field is invalid (see `errors`).',
  404: 'No such resource.',
  409: 'The change conflicts with existing data (see `code`).',
  412: 'If-Match names a version that is no longer current; the problem carries `currentVersion`.',
  413: 'The body is too large.',
  415: 'The body is not JSON.',
  422: 'The request is well formed but refers to something that does not exist.',
};

/** Problem responses for a route, served as `application/problem+json`. */
export function problems(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: meanings[status] ?? 'Error',
        content: { 'application/problem+json': { schema: Problem } },
      },
    ]),
  );
}

/** Body problems every write can meet before it reaches a handler. */
export const BODY_PROBLEMS = [400, 413, 415] as const;

export const IdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The resource id.' }),
});

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description: 'The ETag of the version being edited; a stale one gets 412.',
      examples: ['"3"'],
    }),
  ),
});

export const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page.' });
export const Cursor = Type.String({
  minLength: 1,
  maxLength: 512,
  description: 'Opaque; the `nextCursor` of the previous page.',
});

export const PageOf = <T extends TSchema>(item: T, title: string) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) }, { title });
