/** Small helpers the back-office and seller forms share (kept here: both areas are this folder's owner's). */
import type { FormEvent } from 'react';

/** The named fields of a submitted form, as trimmed strings. */
export function fieldsOf(event: FormEvent<HTMLFormElement>): Record<string, string> {
  event.preventDefault();
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(event.currentTarget))
    if (typeof value === 'string') values[name] = value.trim();
  return values;
}

/** Every checked value of a group of checkboxes named `name`. */
export function checkedOf(form: HTMLFormElement, name: string): string[] {
  return new FormData(form).getAll(name).filter((value): value is string => typeof value === 'string');
}

/** A key per intended change: a retried click sends the same one, a new change a new one. */
export const newIdempotencyKey = (): string => crypto.randomUUID();

/** "19,99" for 1999 cents: what a price field shows before the admin edits it. */
export const centsToText = (cents: number): string => (cents / 100).toFixed(2).replace('.', ',');
