import { createHash, randomUUID } from 'node:crypto';
import { idempotencyKeyRequired, idempotencyKeyReused, requestInProgress } from './errors.ts';

/**
 * Idempotency keys, after Stripe's (and payments'): a till sends one key per sale or return and
 * sends it again on every retry. The key is claimed in a transaction of its own (a primary key
 * on scope + key decides any race) with a fingerprint of the request and a lease held while the
 * request runs. The finished answer is stored with the key and every later request with that
 * key gets it back. A request refused before any effect gives the key up (it is forgotten), so
 * its retry is judged afresh; one interrupted midway gives the lease back, so its retry resumes.
 */

export interface KeyRequest {
  /** The caller (`kind:subject`): two callers never collide on a key. */
  scope: string;
  key: string;
  operation: 'sale.create' | 'sale.offline' | 'return.create' | 'order.create';
  fingerprint: string;
}

/** An answer as it was sent: its status and body (a sale, a return, or a problem document). */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

export interface StoredKey {
  operation: string;
  fingerprint: string;
  resourceId: string | null;
  lockedUntil: Date | null;
  answer: StoredAnswer | null;
}

export interface Lease {
  holder: string;
  until: Date;
}

/** The keys table, inside one transaction. */
export interface IdempotencyKeys {
  /** Inserts the key unless it exists (waiting for a concurrent insert to commit); true if inserted. */
  insert(request: KeyRequest, resourceId: string, lease: Lease, now: Date): Promise<boolean>;
  /** Reads the key and holds it until the transaction ends. */
  lock(scope: string, key: string): Promise<StoredKey | undefined>;
  /** Takes the key over from an attempt that gave it back or whose lease ran out. */
  takeOver(scope: string, key: string, lease: Lease): Promise<void>;
  /** Stores the answer and ends the lease. */
  complete(scope: string, key: string, answer: StoredAnswer): Promise<void>;
  /** Ends the lease without an answer, if `holder` still holds it. */
  release(scope: string, key: string, holder: string): Promise<void>;
  /** Deletes the key if `holder` holds it and it has no answer: the request had no effect. */
  forget(scope: string, key: string, holder: string): Promise<void>;
}

export type Claim =
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'owned'; holder: string; resumed: boolean; resourceId: string };

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
 * Takes the key for this request, or says why not. Owned: this request runs (first time, or
 * again after an earlier attempt gave the key back or died holding it). Replay: it already ran.
 * Refused: another body with this key (422), or another request holding it right now (409).
 * `adoptResource`: the resource id is made by the server (an order's), so a resumed key carries
 * on with the id its first attempt chose instead of comparing it.
 */
export async function claimKey(
  keys: IdempotencyKeys,
  request: KeyRequest,
  resourceId: string,
  now: Date,
  leaseMs: number,
  options: { adoptResource?: boolean } = {},
): Promise<Claim> {
  const lease: Lease = { holder: randomUUID(), until: new Date(now.getTime() + leaseMs) };
  if (await keys.insert(request, resourceId, lease, now)) {
    return { kind: 'owned', holder: lease.holder, resumed: false, resourceId };
  }
  const stored = await keys.lock(request.scope, request.key);
  // Inserted and deleted (a refused request) between our insert and our read: another try will do.
  if (!stored) throw requestInProgress();
  if (
    stored.operation !== request.operation ||
    stored.fingerprint !== request.fingerprint ||
    (stored.resourceId !== resourceId && !options.adoptResource)
  ) {
    throw idempotencyKeyReused();
  }
  if (stored.answer) return { kind: 'replay', answer: stored.answer };
  if (stored.lockedUntil && stored.lockedUntil > now) throw requestInProgress();
  await keys.takeOver(request.scope, request.key, lease);
  return { kind: 'owned', holder: lease.holder, resumed: true, resourceId: stored.resourceId ?? resourceId };
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
