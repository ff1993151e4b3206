/**
 * Serialises a value for the cache, refusing what cannot round-trip: `undefined` (and functions or
 * symbols) have no JSON form, and storing them would read back as a miss or as garbage.
 *
 * @example
 * toJson({ id: 1 }); // → '{"id":1}'
 * toJson(undefined); // throws TypeError
 */
export function toJson(value: unknown): string {
  const json: string | undefined = JSON.stringify(value);
  if (json === undefined) throw new TypeError('the cache stores JSON values; undefined cannot be cached');
  return json;
}
