import { createHash, randomUUID } from 'node:crypto';
import { idempotencyKeyRequired, idempotencyKeyReused, requestInProgress } from './errors.ts';

/**
 * Idempotency keys, after Stripe's: a client sends one key per intended payment or refund and
 * sends it again on every retry. The key is stored in the same transaction as the first effect
 * (a primary key on scope + key decides any race), with a fingerprint of the request and a lease
 * held while the request runs. When the request completes, its response is stored with the key
 * and every later request with that key gets that response back.
 */

/** One caller's key for one operation: keys are scoped per caller, so two callers never collide. */
export interface KeyRequest {
  scope: string;
  key: string;
  operation: string;
  fingerprint: string;
}

export interface StoredKey {
  operation: string;
  fingerprint: string;
  /** The payment or refund the first request created. */
  resourceId: string | null;
  /** While in the future, a request holds the key; null once it completed or gave the key back. */
  lockedUntil: Date | null;
  /** The response of the completed request, replayed to every retry. */
  response: unknown;
}

/** The keys table, inside one transaction. */
export interface IdempotencyKeys {
  /** Inserts the key unless it exists (waiting for a concurrent insert to commit); true if inserted. */
  insert(request: KeyRequest, lease: Lease, now: Date): Promise<boolean>;
  /** Reads the key and holds it until the transaction ends. */
  lock(scope: string, key: string): Promise<StoredKey | undefined>;
  /** Takes the key over from an attempt that gave it back or whose lease ran out. */
  takeOver(scope: string, key: string, lease: Lease): Promise<void>;
  setResource(scope: string, key: string, resourceId: string): Promise<void>;
  /** Stores the answer and ends the lease. */
  complete(scope: string, key: string, response: unknown): Promise<void>;
  /** Ends the lease without an answer, if `holder` still holds it (a late attempt never frees another's). */
  release(scope: string, key: string, holder: string): Promise<void>;
}

/** Who holds a key, until when. */
export interface Lease {
  holder: string;
  until: Date;
}

export type Claim<T> =
  | { kind: 'replay'; response: T }
  | { kind: 'owned'; resourceId: string | null; holder: string };

/** The key a client sent, or 428: a money-moving request without one could not be retried safely. */
export function requireKey(key: string | undefined): string {
  if (key === undefined) throw idempotencyKeyRequired();
  return key;
}

/** A stable hash of what was asked: the same request always gives the same fingerprint. */
export function fingerprint(operation: string, source: unknown): string {
  return createHash('sha256')
    .update(`${operation}\n${canonicalJson(source)}`)
    .digest('hex');
}

/**
 * Takes the key for this request, or says why not. Owned: this request runs (the first time, or
 * again after an earlier attempt gave the key back or died holding it). Replay: it already ran.
 * Refused: another body with this key (422), or another request holding it right now (409).
 */
export async function claimKey<T>(
  keys: IdempotencyKeys,
  request: KeyRequest,
  now: Date,
  leaseMs: number,
): Promise<Claim<T>> {
  const lease: Lease = { holder: randomUUID(), until: new Date(now.getTime() + leaseMs) };
  if (await keys.insert(request, lease, now))
    return { kind: 'owned', resourceId: null, holder: lease.holder };
  const stored = await keys.lock(request.scope, request.key);
  if (!stored) throw requestInProgress();
  if (stored.operation !== request.operation || stored.fingerprint !== request.fingerprint) {
    throw idempotencyKeyReused();
  }
  if (stored.response !== null && stored.response !== undefined) {
    return { kind: 'replay', response: stored.response as T };
  }
  if (stored.lockedUntil && stored.lockedUntil > now) throw requestInProgress();
  await keys.takeOver(request.scope, request.key, lease);
  return { kind: 'owned', resourceId: stored.resourceId, holder: lease.holder };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
