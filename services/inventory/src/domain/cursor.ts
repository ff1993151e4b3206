import { invalidCursor } from './errors.ts';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Opaque to clients: base64url of where the page ended, so its shape can change without breaking them. */
export function encodeCursor(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/**
 * Reads a cursor back: exactly the string fields `fields`, each matching its pattern. Anything
 * else is a 400, never a query error.
 */
export function decodeCursor<K extends string>(cursor: string, fields: Record<K, RegExp>): Record<K, string> {
  if (!BASE64URL.test(cursor)) throw invalidCursor();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidCursor();
  const entries = Object.entries(value as Record<string, unknown>);
  const expected = Object.entries(fields) as [K, RegExp][];
  if (entries.length !== expected.length) throw invalidCursor();
  for (const [name, pattern] of expected) {
    const field = (value as Record<string, unknown>)[name];
    if (typeof field !== 'string' || !pattern.test(field)) throw invalidCursor();
  }
  return value as Record<K, string>;
}

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const LOCATION_PATTERN = /^loc_(online|[0-9A-HJKMNP-TV-Z]{26})$/;
