import { invalidCursor } from './errors.ts';

/** Where a page ended: the last item's sort key. Ranked (search) pages also carry the rank. */
export type SortKey = { id: string } | { rank: number; id: string };

const ID = /^[a-z]+_[0-9A-HJKMNP-TV-Z]{26}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Opaque to clients: base64url of the sort key, so its shape can change without breaking them. */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Reads a cursor back, for a list ordered by rank (`ranked`) or by id. Anything that is not
 * exactly what `encodeCursor` makes for that order is refused, so a tampered cursor is a 400,
 * never a query error.
 */
export function decodeCursor(cursor: string, ranked: boolean): SortKey {
  if (!BASE64URL.test(cursor)) throw invalidCursor();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidCursor();
  const { id, rank, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof id !== 'string' || !ID.test(id)) throw invalidCursor();
  if (!ranked) {
    if (rank !== undefined) throw invalidCursor();
    return { id };
  }
  if (typeof rank !== 'number' || !Number.isSafeInteger(rank) || rank < 0) throw invalidCursor();
  return { rank, id };
}
