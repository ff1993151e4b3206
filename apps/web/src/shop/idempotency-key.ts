/**
 * A fresh `Idempotency-Key`: 128 random bits in hex. `crypto.getRandomValues` rather than
 * `randomUUID`, which browsers give only on HTTPS or localhost.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `shop-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
