import { idCursor, pageOf as kitPageOf } from '@comptoir/platform';
import { invalidCursor } from './errors.ts';

/** identity's lists are ordered by id; the kit's codec refuses tampered cursors with our own code. */
export const cursor = idCursor(invalidCursor);

export const decodeCursor = cursor.decode;

/** A page from `limit + 1` rows, the next cursor being the last id. */
export const pageOf = <R extends { id: string }, T>(rows: R[], limit: number, view: (row: R) => T) =>
  kitPageOf(rows, limit, view, (row) => cursor.encode(row.id));
