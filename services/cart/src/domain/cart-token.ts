import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * An anonymous cart's secret: 32 random bytes, base64url (43 characters), given to the visitor
 * once when the cart is made and sent back as `X-Cart-Token` on every call to that cart. Only its
 * SHA-256 is stored, so whoever reads the cache (or a dump of it) cannot use the carts in it.
 */

export const newCartToken = (): string => randomBytes(32).toString('base64url');

export const hashOfCartToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Whether `token` is the one whose hash is `hash`, compared in constant time. */
export function cartTokenMatches(token: string | undefined, hash: string | undefined): boolean {
  if (token === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'hex');
  const given = createHash('sha256').update(token).digest();
  return expected.length === given.length && timingSafeEqual(expected, given);
}
