/**
 * Turns a service name into the SQL identifier its database or schema is named after
 * (`order-history` → `order_history`), refusing anything that would need quoting to be safe.
 * @example serviceIdentifier('catalog') // 'catalog'
 */
export function serviceIdentifier(service: string): string {
  const id = service.replaceAll('-', '_');
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(id)) {
    throw new Error(
      `Invalid service name "${service}": use lower-case letters, digits, "-" or "_", starting with a letter`,
    );
  }
  return id;
}

/** Quotes an SQL identifier (`"name"`), doubling any embedded quote. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
