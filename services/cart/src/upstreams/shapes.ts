/** Checks of what another service answered: only the fields cart relies on. */

/** True for a plain object (a parsed JSON object), so its fields can be checked one by one. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isMoney(value: unknown): value is { amount: number; currency: string } {
  return isRecord(value) && Number.isSafeInteger(value.amount) && typeof value.currency === 'string';
}
