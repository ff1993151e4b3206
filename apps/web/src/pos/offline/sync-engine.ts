/**
 * Brings the register's offline sales to the server by itself. It watches the link — the
 * browser's online/offline events, every API call's outcome, and a cheap probe (the register's
 * own GET, which also says whether its session is still open) every few seconds while offline —
 * and on reconnect posts each waiting sale, oldest first, with its id as the Idempotency-Key.
 *
 * A definitive answer ends a sale's sync: 201 removes it from the device; a 4xx the server means
 * (a malformed sale, a receipt number taken) keeps it as "needs attention" for a person. Anything
 * else — no answer, a timeout, 5xx, 429, 401 while signed out, a copy of it still in flight
 * (409 ORDERING_REQUEST_IN_PROGRESS) — is retried with exponential back-off, as the same sale.
 * One tab per device syncs at a time (Web Locks); the server's idempotency covers the rest.
 */
import { call, onReachability } from '../../lib/api.ts';
import { ApiProblem, Unreachable } from '../../lib/problems.ts';
import { tokens } from '../../lib/session-store.ts';
import { deviceDb, type OfflineSale, type Register } from './device-db.ts';
import { offlineSales } from './offline-sales.ts';
import { currentStatus, updateStatus } from './register-status.ts';
import { refreshSnapshot, savedSnapshot } from './snapshot.ts';

const PROBE_OFFLINE_MS = 4_000;
const PROBE_ONLINE_MS = 15_000;
/** The copy of the catalog and session is refreshed this often while online. */
const REFRESH_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 15_000;
const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

/** 4xx answers that are not the server's verdict on the sale: try again later, as is. */
const RETRY_STATUSES = new Set([401, 408, 425, 429]);
const RETRY_CODES = new Set(['ORDERING_REQUEST_IN_PROGRESS']);

/** The register this device is (chosen on the POS screen; kept by src/pos/register-choice.ts). */
const CHOICE_KEY = 'comptoir.pos.register';

export function chosenRegisterId(): string | undefined {
  try {
    const raw = localStorage.getItem(CHOICE_KEY);
    const id = raw ? (JSON.parse(raw) as { registerId?: unknown }).registerId : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

let started = false;
let probeTimer: ReturnType<typeof setTimeout> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let backoffStep = 0;
let lastRefresh = { registerId: '', at: 0 };
let syncing = false;

async function recount(): Promise<void> {
  const sales = await offlineSales();
  updateStatus({
    waiting: sales.filter((sale) => sale.state === 'waiting').length,
    attention: sales.filter((sale) => sale.state === 'attention').length,
  });
}

function setLink(online: boolean): void {
  const was = currentStatus().link;
  updateStatus({ link: online ? 'online' : 'offline' });
  if (online && was !== 'online') void whenOnline();
  if (!online && was !== 'offline') scheduleProbe(PROBE_OFFLINE_MS);
}

/**
 * Back online: sync, then refresh the device's copy if it is stale, of another register, or its
 * session is no longer the register's (opened or closed since: `seen` is the probe's answer).
 */
async function whenOnline(seen?: Register): Promise<void> {
  await syncNow();
  const registerId = chosenRegisterId();
  if (!registerId || !tokens()) return;
  const kept = await savedSnapshot(registerId);
  const sessionChanged = seen !== undefined && seen.openSessionId !== (kept?.session?.id ?? null);
  const fresh = lastRefresh.registerId === registerId && Date.now() - lastRefresh.at < REFRESH_MS;
  if (fresh && kept && !sessionChanged) return;
  try {
    await refreshSnapshot(registerId);
    lastRefresh = { registerId, at: Date.now() };
    updateStatus({ refreshedAt: lastRefresh.at });
  } catch (error) {
    // Unreachable again, or refused: the old copy stays; the next probe tries again.
    if (!(error instanceof Unreachable)) console.warn('offline copy of the register not refreshed', error);
  }
}

/** Asks the backend something cheap; any answer (even 401/404) means it is there. */
async function probe(): Promise<Register | undefined> {
  const registerId = chosenRegisterId();
  try {
    if (registerId && tokens()) {
      return await call((api) =>
        api.GET('/api/stores/registers/{id}', {
          params: { path: { id: registerId } },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        }),
      );
    } else {
      // Nobody signed in yet: the gateway's own document says it is there.
      const answer = await fetch('/api/openapi.json', {
        method: 'HEAD',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      setLink(answer.status < 502 || answer.status > 504);
    }
  } catch (error) {
    // A refused call was an answer (onReachability said so); no answer at all is offline.
    if (!(error instanceof ApiProblem)) setLink(false);
  }
  return undefined;
}

function scheduleProbe(delay: number): void {
  clearTimeout(probeTimer);
  probeTimer = setTimeout(async () => {
    const seen = await probe();
    const link = currentStatus().link;
    scheduleProbe(link === 'online' ? PROBE_ONLINE_MS : PROBE_OFFLINE_MS);
    if (link === 'online') void whenOnline(seen);
  }, delay);
}

function scheduleRetry(): void {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** backoffStep);
  backoffStep += 1;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void syncNow(), ceiling / 2 + Math.random() * (ceiling / 2));
}

type Outcome = 'done' | 'retry' | 'unreachable';

async function post(sale: OfflineSale): Promise<Outcome> {
  const db = await deviceDb();
  try {
    await call((api) =>
      api.POST('/api/ordering/sales/offline', {
        params: { header: { 'idempotency-key': sale.saleId } },
        body: sale.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      }),
    );
    await db.delete('sales', sale.saleId);
    return 'done';
  } catch (error) {
    await db.put('sales', { ...sale, attempts: sale.attempts + 1 });
    if (error instanceof Unreachable) {
      setLink(false);
      return 'unreachable';
    }
    if (!(error instanceof ApiProblem)) return 'retry';
    const retry =
      error.status >= 500 || RETRY_STATUSES.has(error.status) || RETRY_CODES.has(error.code ?? '');
    if (retry) return 'retry';
    await db.put('sales', {
      ...sale,
      attempts: sale.attempts + 1,
      state: 'attention',
      problem: {
        status: error.status,
        title: error.title,
        ...(error.detail ? { detail: error.detail } : {}),
        ...(error.code ? { code: error.code } : {}),
      },
    });
    return 'done';
  }
}

async function syncWaiting(): Promise<void> {
  for (const sale of await offlineSales()) {
    if (sale.state !== 'waiting') continue;
    const outcome = await post(sale);
    await recount();
    if (outcome === 'unreachable') return; // the probe says when to come back
    if (outcome === 'retry') return scheduleRetry();
    backoffStep = 0;
  }
}

/** Posts every waiting sale now, if signed in and no other sync (in this tab or another) runs. */
export async function syncNow(): Promise<void> {
  if (syncing || !tokens()) return;
  syncing = true;
  updateStatus({ syncing: true });
  try {
    if (navigator.locks)
      await navigator.locks.request('comptoir.offline-sync', { ifAvailable: true }, async (lock) => {
        if (lock) await syncWaiting();
      });
    else await syncWaiting();
  } finally {
    syncing = false;
    updateStatus({ syncing: false });
    await recount();
  }
}

/** Starts watching the link and syncing, once per page. */
export function startSyncEngine(): void {
  if (started) return;
  started = true;
  onReachability(setLink);
  window.addEventListener('online', () => scheduleProbe(0));
  window.addEventListener('offline', () => setLink(false));
  void recount();
  scheduleProbe(0);
}

/** A sale was just recorded offline: count it, and send it at once if the link is back. */
export async function saleRecorded(): Promise<void> {
  await recount();
  if (currentStatus().link === 'online') void syncNow();
}
