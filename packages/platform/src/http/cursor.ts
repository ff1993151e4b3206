/**
 * Keyset pagination as every list does it (ARCHITECTURE.md §9): `?limit=&cursor=` →
 * `{ items, nextCursor }`. A cursor is base64url JSON of the last item's sort key — opaque to
 * clients, so the key can change without breaking them — and anything that is not exactly what
 * `encode` made is refused with the service's own 400, never a query error.
 */

/** Ids as the platform makes them: a lowercase prefix and a ULID (`prod_01J…`). */
export const PREFIXED_ULID = /^[a-z]+_[0-9A-HJKMNP-TV-Z]{26}$/;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface CursorCodec<K> {
  encode(key: K): string;
  /** The key a cursor carries; `undefined` for no cursor (the first page). */
  decode(cursor: string | undefined): K | undefined;
}

/**
 * A codec for one list's sort key. `read` checks a decoded object field by field and returns the
 * key, or undefined when anything is off; `invalid` makes the service's own problem.
 * @example
 * const byRank = cursorCodec(({ rank, id, ...rest }) =>
 *   Number.isSafeInteger(rank) && typeof id === 'string' && Object.keys(rest).length === 0
 *     ? { rank: rank as number, id } : undefined, invalidCursor);
 */
export function cursorCodec<K extends object>(
  read: (value: Record<string, unknown>) => K | undefined,
  invalid: () => Error,
): CursorCodec<K> {
  return {
    encode: (key) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url'),
    decode(cursor) {
      if (cursor === undefined) return undefined;
      if (!BASE64URL.test(cursor)) throw invalid();
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid();
      const key = read(value as Record<string, unknown>);
      if (key === undefined) throw invalid();
      return key;
    },
  };
}

/**
 * The common case: lists ordered by id, the cursor carrying the last id.
 * @example
 * const cursor = idCursor(invalidCursor);
 * const rows = await repo.list({ afterId: cursor.decode(query.cursor), take: limit + 1 });
 * return pageOf(rows, limit, toView, (row) => cursor.encode(row.id));
 */
export function idCursor(invalid: () => Error, pattern: RegExp = PREFIXED_ULID): CursorCodec<string> {
  const codec = cursorCodec(({ id, ...rest }) => {
    if (typeof id !== 'string' || !pattern.test(id) || Object.keys(rest).length > 0) return undefined;
    return { id };
  }, invalid);
  return { encode: (id) => codec.encode({ id }), decode: (cursor) => codec.decode(cursor)?.id };
}

/** A page from `limit + 1` rows: the extra row only says that another page follows. */
export function pageOf<R, T>(
  rows: readonly R[],
  limit: number,
  view: (row: R) => T,
  cursorOf: (row: R) => string,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(view),
    nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null,
  };
}
