import { RoleName } from '@comptoir/contracts';
import { type TSchema, Type } from '@comptoir/platform';

/** RFC 9457 problem details as the kit sends them; extensions (e.g. `retryAfter`) may follow. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String({ description: 'Stable error code, e.g. IDENTITY_EMAIL_NOT_VERIFIED.' }),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }))),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true, title: 'Problem' },
);

const meanings: Record<number, string> = {
  400: 'The request is malformed or a field is invalid (see `errors`).',
  401: 'No valid access token, or wrong credentials.',
  403: 'Signed in but not allowed (see `code`).',
  404: 'No such resource.',
  409: 'Conflicts with existing data (see `code`).',
  413: 'The body is too large.',
  415: 'The body is not JSON.',
  422: 'Well formed but refused by a rule (see `errors`).',
  429: 'Too many attempts; retry after `Retry-After` seconds.',
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

export const Email = Type.String({ format: 'email', maxLength: 254, examples: ['alice@example.com'] });
/** Long enough for any passphrase; the password policy (422) explains what is wrong with a bad one. */
export const Password = Type.String({ minLength: 1, maxLength: 1024 });
export const DisplayName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '\\S',
  examples: ['Alice Tremblay'],
});
export const Roles = Type.Array(RoleName, { maxItems: 5, description: 'Replaces the roles.' });
export const StoreIds = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
  maxItems: 100,
  description: 'Stores a store manager or cashier works in.',
});
export const Scopes = Type.Array(
  Type.String({ pattern: '^[a-z][a-z0-9_.:-]{0,63}$', examples: ['products:read'] }),
  {
    maxItems: 32,
  },
);
/** A token a client received from us: opaque, URL-safe. */
export const OpaqueToken = Type.String({ minLength: 16, maxLength: 512 });

/** Ids are letters, digits, `_` and `-`: anything else (a NUL byte) is refused before it reaches SQL. */
export const IdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
});
export const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page.' });
export const Cursor = Type.String({
  minLength: 1,
  maxLength: 512,
  description: 'The `nextCursor` of the previous page.',
});
export const PageQuery = Type.Object({ limit: Limit, cursor: Type.Optional(Cursor) });

export const PageOf = <T extends TSchema>(item: T, title: string) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) }, { title });

export const NoContent = Type.Null({ description: 'Done.' });
