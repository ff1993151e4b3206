/**
 * The one way the screens reach the backend: every call goes through `call()`, which adds the
 * signed-in caller's token, refreshes it when it lapses, and turns failures into `ApiProblem` or
 * `Unreachable`. Keeping every request here is what lets the offline register (issue 9) slot a
 * service worker and a local queue under the POS without touching its screens.
 * @example
 * const page = await call((api) => api.GET('/api/catalog/products', { params: { query: { q } } }));
 */
import { type ComptoirClient, createComptoirClient } from '@comptoir/sdk';
import { problemOf, UNREACHABLE_STATUSES, Unreachable } from './problems.ts';
import { type SessionTokens, saveTokens, tokens } from './session-store.ts';

const baseUrl = globalThis.location?.origin ?? '';

/** Calls made as nobody: signing in and refreshing carry their own credentials in the body. */
const anonymous = createComptoirClient({ baseUrl });

const client = createComptoirClient({ baseUrl });
client.use({
  onRequest({ request }) {
    const current = tokens();
    if (current && !request.headers.has('authorization'))
      request.headers.set('authorization', `Bearer ${current.accessToken}`);
    return request;
  },
});

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** What a successful call gives back (nothing for a 204). */
export type Data<R extends Answer> = Exclude<R['data'], undefined>;

/** Refresh this long before the access token lapses, so a call never leaves with a dying token. */
const EARLY_REFRESH_MS = 30_000;

const reachListeners = new Set<(reached: boolean) => void>();

/**
 * Told after every call whether the backend answered (any status but 502-504) or not: the offline
 * register (src/pos/offline) switches on the first failure instead of waiting for its next probe.
 */
export function onReachability(listener: (reached: boolean) => void): () => void {
  reachListeners.add(listener);
  return () => reachListeners.delete(listener);
}

const reached = (answered: boolean) => {
  for (const listener of reachListeners) listener(answered);
};

async function attempt<R extends Answer>(run: (api: ComptoirClient) => Promise<R>): Promise<R> {
  try {
    const answer = await run(client);
    reached(!UNREACHABLE_STATUSES.has(answer.response.status));
    return answer;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    reached(false);
    throw new Unreachable(error instanceof Error ? error.message : String(error));
  }
}

/** Runs one request of the typed client, as the signed-in caller; throws what went wrong. */
export async function call<R extends Answer>(run: (api: ComptoirClient) => Promise<R>): Promise<Data<R>> {
  const held = tokens();
  if (held && held.expiresAt - Date.now() < EARLY_REFRESH_MS) await refreshSession();
  let answer = await attempt(run);
  if (answer.response.status === 401 && tokens() !== undefined && (await refreshSession()))
    answer = await attempt(run);
  const { status } = answer.response;
  if (answer.response.ok) return answer.data as Data<R>;
  if (UNREACHABLE_STATUSES.has(status)) throw new Unreachable(`HTTP ${status}`, status);
  throw problemOf(status, answer.error);
}

const toSession = (body: {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}): SessionTokens => ({
  accessToken: body.accessToken,
  refreshToken: body.refreshToken,
  expiresAt: Date.now() + body.expiresIn * 1000,
});

/** Signs in with identity; the tokens are kept for every later call. */
export async function signIn(email: string, password: string): Promise<void> {
  const answer = await attemptAnonymous(() =>
    anonymous.POST('/api/identity/sessions', { body: { email, password } }),
  );
  if (!answer.data) throw failure(answer);
  saveTokens(toSession(answer.data));
}

let refreshing: Promise<boolean> | undefined;

/**
 * Trades the refresh token for new tokens, once for all concurrent callers (a refresh token is
 * single use: two refreshes with it would revoke the session). False, and signed out, when refused.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const held = tokens();
    if (!held) return false;
    const answer = await attemptAnonymous(() =>
      anonymous.POST('/api/identity/sessions/refresh', { body: { refreshToken: held.refreshToken } }),
    );
    if (answer.data) {
      saveTokens(toSession(answer.data));
      return true;
    }
    if (answer.response.status === 401 || answer.response.status === 403) saveTokens(undefined);
    return false;
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

/** Ends the session at identity (best effort: the tokens are forgotten here whatever it says). */
export async function signOut(): Promise<void> {
  const held = tokens();
  saveTokens(undefined);
  if (!held) return;
  await anonymous
    .DELETE('/api/identity/sessions/current', {
      headers: { authorization: `Bearer ${held.accessToken}` },
      body: { refreshToken: held.refreshToken },
    })
    .catch(() => undefined);
}

async function attemptAnonymous<R extends Answer>(run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (error) {
    throw new Unreachable(error instanceof Error ? error.message : String(error));
  }
}

function failure(answer: Answer): Error {
  const { status } = answer.response;
  return UNREACHABLE_STATUSES.has(status)
    ? new Unreachable(`HTTP ${status}`, status)
    : problemOf(status, answer.error);
}
