import type { Caller } from '../domain/ports.ts';

/** The caller's own `Authorization`, so the other service applies its rules to the same person. */
export function onBehalfOf(caller: Caller): Record<string, string> {
  return caller.credentials === undefined ? {} : { authorization: caller.credentials };
}
