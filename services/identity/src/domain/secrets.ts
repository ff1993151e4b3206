import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** An unguessable token (32 bytes = 256 bits by default), URL-safe. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A short public identifier (an API key prefix): uniform over lower-case letters and digits. */
export const randomPrefix = (length = 8): string =>
  Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');

/**
 * Tokens and generated secrets are stored as SHA-256 digests. They are random and long, so a
 * fast hash is enough (a slow one like Argon2 is for what people choose: passwords).
 */
export const digest = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Compares a secret with a stored digest in constant time. */
export function matchesDigest(secret: string, stored: string): boolean {
  const a = Buffer.from(digest(secret), 'hex');
  const b = Buffer.from(stored, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
