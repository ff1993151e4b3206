import { invalidCursor } from './errors.ts';

const ID = /^pay_[0-9A-HJKMNP-TV-Z]{26}$/;

/** Opaque to clients (base64url of the last id), so the paging key can change without breaking them. */
export const encodeCursor = (id: string): string =>
  Buffer.from(JSON.stringify({ id }), 'utf8').toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const id = (value as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && ID.test(id)) return id;
  } catch {
    // falls through to the 400
  }
  throw invalidCursor();
}
