import { type TSchema, Type } from '@sinclair/typebox';

/*
 * Schemas of the API conventions every service shares (ARCHITECTURE.md §9): problem responses
 * and cursor-paginated lists. Domain schemas never go here.
 */

/** RFC 9457 problem details as the kit sends them; extensions (e.g. `currentVersion`) may follow. */
export const ProblemSchema = Type.Object(
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
  401: 'No valid credentials.',
  402: 'The payment was declined; nothing was taken (see `code` and `reason`).',
  403: 'The caller may not do this.',
  404: 'No such resource.',
  409: 'The change conflicts with existing data (see `code`).',
  412: 'If-Match names a version that is no longer current; the problem carries `currentVersion`.',
  413: 'The body is too large.',
  415: 'The body is not JSON.',
  422: 'The request is well formed but refers to something that does not exist or cannot be done.',
  428: 'This change needs a precondition (If-Match).',
  429: 'Too many requests; see `Retry-After`.',
  503: 'A dependency is unavailable; try again.',
};

/**
 * Problem responses for a route's OpenAPI description, served as `application/problem+json`.
 * @example schema: { response: { 200: Product, ...problems(404, 412) } }
 */
export function problems(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: meanings[status] ?? 'Error',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
}

/** Body problems every write can meet before it reaches a handler. */
export const BODY_PROBLEMS = [400, 413, 415] as const;

/** Items per page, as every list takes it. */
export const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page.' });
/** The opaque position a list returns as `nextCursor`. */
export const Cursor = Type.String({
  minLength: 1,
  maxLength: 512,
  description: 'Opaque; the `nextCursor` of the previous page.',
});

/** `{ items, nextCursor }`: the shape of every list. */
export const PageOf = <T extends TSchema>(item: T, title: string) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) }, { title });
