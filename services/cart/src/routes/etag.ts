import type { Cart } from '@comptoir/contracts';
import type { FastifyReply } from 'fastify';
import type { VersionCondition } from '../domain/carts.ts';

/** A cart's ETag is its version: strong, quoted, cheap to compare. */
export const etagOf = (version: number): string => `"${version}"`;

const STRONG_TAG = /^"(\d{1,9})"$/;

/**
 * Reads `If-Match`: `*`, or a list of ETags. Tags that are not ours (weak ones included, since
 * If-Match compares strongly) match nothing, so a header of only such tags always fails the write.
 */
export function versionCondition(header: string | undefined): VersionCondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return 'any';
  const versions: number[] = [];
  for (const tag of header.split(',')) {
    const match = STRONG_TAG.exec(tag.trim());
    if (match?.[1]) versions.push(Number(match[1]));
  }
  return versions;
}

/** The cart, with its version as the ETag. */
export function withETag(reply: FastifyReply, cart: Cart): Cart {
  reply.header('etag', etagOf(cart.version));
  return cart;
}
