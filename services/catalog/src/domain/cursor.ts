import { cursorCodec, PREFIXED_ULID } from '@comptoir/platform';
import { invalidCursor } from './errors.ts';

/** Where a page ended: the last item's sort key. Ranked (search) pages also carry the rank. */
export type SortKey = { id: string } | { rank: number; id: string };

const byId = cursorCodec(({ id, ...rest }) => {
  if (typeof id !== 'string' || !PREFIXED_ULID.test(id) || Object.keys(rest).length > 0) return undefined;
  return { id };
}, invalidCursor);

const byRank = cursorCodec(({ id, rank, ...rest }) => {
  if (typeof id !== 'string' || !PREFIXED_ULID.test(id) || Object.keys(rest).length > 0) return undefined;
  if (typeof rank !== 'number' || !Number.isSafeInteger(rank) || rank < 0) return undefined;
  return { rank, id };
}, invalidCursor);

export const encodeCursor = (key: SortKey): string => byId.encode(key);

/**
 * Reads a cursor back, for a list ordered by rank (`ranked`) or by id: a cursor of the other
 * order, or anything `encodeCursor` did not make, is a 400.
 */
export function decodeCursor(cursor: string, ranked: boolean): SortKey {
  const key = ranked ? byRank.decode(cursor) : byId.decode(cursor);
  if (key === undefined) throw invalidCursor();
  return key;
}
