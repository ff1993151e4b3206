/**
 * Who is signed in, read from the access token's claims (identity signs them; the gateway and
 * services verify them — the app only uses them to choose what to show).
 */
import { useSyncExternalStore } from 'react';
import { onTokens, tokens } from './session-store.ts';

export type Role = 'customer' | 'seller' | 'cashier' | 'store_manager' | 'admin';

export interface Who {
  id: string;
  roles: readonly Role[];
  storeIds: readonly string[];
}

let cachedToken: string | undefined;
let cachedWho: Who | undefined;

function decode(token: string): Who | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: string; roles?: Role[]; storeIds?: string[] };
    if (!claims.sub) return undefined;
    return { id: claims.sub, roles: claims.roles ?? [], storeIds: claims.storeIds ?? [] };
  } catch {
    return undefined;
  }
}

/** The caller now, or undefined when nobody is signed in. */
export function who(): Who | undefined {
  const token = tokens()?.accessToken;
  if (token !== cachedToken) {
    cachedToken = token;
    cachedWho = token ? decode(token) : undefined;
  }
  return cachedWho;
}

/** The caller, re-rendering on sign-in, refresh and sign-out. */
export function useWho(): Who | undefined {
  return useSyncExternalStore(onTokens, who);
}

export function hasRole(person: Who | undefined, roles: readonly Role[]): boolean {
  return person?.roles.some((role) => roles.includes(role)) ?? false;
}
