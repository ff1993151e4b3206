/**
 * The signed-in session's tokens: kept in memory for every call, mirrored in sessionStorage so a
 * reload of the tab keeps the cashier signed in, and gone when the tab closes. No localStorage:
 * a refresh token must not outlive the tab on a shared register.
 */

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds after which the access token is refused. */
  expiresAt: number;
}

const KEY = 'comptoir.session';
let current: SessionTokens | undefined = read();
const listeners = new Set<() => void>();

function read(): SessionTokens | undefined {
  try {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    return raw ? (JSON.parse(raw) as SessionTokens) : undefined;
  } catch {
    return undefined;
  }
}

export function tokens(): SessionTokens | undefined {
  return current;
}

export function saveTokens(next: SessionTokens | undefined): void {
  current = next;
  try {
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Private mode or storage full: memory alone still works for this page.
  }
  for (const listener of listeners) listener();
}

/** Called on every change of session (sign-in, refresh, sign-out); returns the unsubscribe. */
export function onTokens(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
