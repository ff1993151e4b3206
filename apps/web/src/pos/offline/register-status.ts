/**
 * What the register shows in its status line, as one value screens subscribe to: is the backend
 * reachable, how many offline sales wait to sync, how many need a person, is a sync running.
 */
import { useSyncExternalStore } from 'react';

export type Link = 'unknown' | 'online' | 'offline';

export interface RegisterStatus {
  link: Link;
  /** Offline sales not yet on the server. */
  waiting: number;
  /** Offline sales the server refused (4xx): kept, listed, never dropped. */
  attention: number;
  syncing: boolean;
  /** Bumped when the device's copy of the register was refreshed (screens re-read it). */
  refreshedAt: number;
}

let status: RegisterStatus = { link: 'unknown', waiting: 0, attention: 0, syncing: false, refreshedAt: 0 };
const listeners = new Set<() => void>();

export function currentStatus(): RegisterStatus {
  return status;
}

export function updateStatus(change: Partial<RegisterStatus>): void {
  const next = { ...status, ...change };
  if ((Object.keys(change) as (keyof RegisterStatus)[]).every((key) => next[key] === status[key])) return;
  status = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRegisterStatus(): RegisterStatus {
  return useSyncExternalStore(subscribe, currentStatus);
}
