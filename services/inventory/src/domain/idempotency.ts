import { createHash } from 'node:crypto';
import { idempotencyKeyReused } from './errors.ts';
import type { IdempotencyKey, InventoryUnitOfWork } from './ports.ts';

/** What a command answers, and whether it is the stored answer to an earlier request with the same key. */
export interface Answer<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** The request as a hash: the same fields in any order hash alike, any other value differs. */
export function fingerprint(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Runs `work` once per key, inside the caller's transaction: the first request with a key does
 * the work and its answer is stored with it; a later one (or one racing it, which waits) gets
 * that answer back; the same key with another request is refused. A request that fails stores
 * nothing — it had no effect — so its retry is judged afresh. Without a key, `work` just runs.
 */
export async function once<T>(
  uow: InventoryUnitOfWork,
  key: IdempotencyKey | undefined,
  requestHash: string,
  status: number,
  work: () => Promise<T>,
): Promise<Answer<T>> {
  if (!key) return { status, body: await work(), replayed: false };
  const stored = await uow.idempotency.claim(key, requestHash);
  if (stored) {
    if (stored.requestHash !== requestHash) throw idempotencyKeyReused();
    return { status: stored.status, body: stored.body as T, replayed: true };
  }
  const body = await work();
  await uow.idempotency.remember(key, status, body);
  return { status, body, replayed: false };
}
