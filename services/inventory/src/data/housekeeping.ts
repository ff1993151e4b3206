import { type Db, pruneInbox } from '@comptoir/platform';
import { idempotencyWriter } from './idempotency.repository.ts';

/**
 * Forgets idempotency answers older than `hours` — a client retries within minutes, not days —
 * and the inbox records redelivery can no longer need.
 */
export async function forgetOldRecords(db: Db, hours: number): Promise<{ keys: number; inbox: number }> {
  const keys = await idempotencyWriter(db).prune(hours);
  return { keys, inbox: await pruneInbox(db) };
}
