const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A platform id made on this device (`sal_` + a ULID: 48-bit time, 80 random bits): a sale
 * carries it from its first attempt, so a retry is the same sale (it is also the idempotency key).
 */
export function newId(prefix: string): string {
  let time = Date.now();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let tail = '';
  for (const byte of random) tail += CROCKFORD[byte % 32];
  return `${prefix}_${head}${tail}`;
}
