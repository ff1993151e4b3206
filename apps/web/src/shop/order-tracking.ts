/**
 * Live order tracking: notifications' `GET /orders/{id}/events` (Server-Sent Events). A browser's
 * EventSource cannot send `Authorization`, so the stream is read through the one API module
 * (`call`, parsed as a stream: the token, its refresh on a 401, and `Unreachable` as everywhere)
 * and cut into events by eventsource-parser. A dropped stream is opened again after the last
 * event seen (`Last-Event-ID`), until the order is delivered or cancelled.
 */
import type { Ok } from '@comptoir/sdk';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { useEffect, useState } from 'react';
import { call } from '../lib/api.ts';
import { ApiProblem } from '../lib/problems.ts';

export type OrderStatus = Ok<'ordering.getOrder'>['status'];

/** One status change as the stream sends it (`OrderTrackingEvent`). */
export interface StatusChange {
  status: OrderStatus;
  at: string;
  reason: string | null;
  trackingNumber?: string;
}

export type Link = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'refused';

const FINAL: readonly string[] = ['delivered', 'cancelled'];
/** Wait before opening a dropped stream again; doubles up to the maximum while it keeps failing. */
const RETRY_MS = 1_000;
const MAX_RETRY_MS = 15_000;

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

async function follow(
  orderId: string,
  signal: AbortSignal,
  onChange: (change: StatusChange) => void,
  onLink: (link: Link) => void,
): Promise<void> {
  let lastId: string | undefined;
  let retry = RETRY_MS;
  let finished = false;
  while (!signal.aborted && !finished) {
    try {
      const stream = await call((api) =>
        api.GET('/api/notifications/orders/{id}/events', {
          params: { path: { id: orderId }, header: lastId ? { 'last-event-id': lastId } : {} },
          parseAs: 'stream',
          signal,
        }),
      );
      // 204: a finished order whose every change was already sent.
      if (!stream) break;
      onLink('live');
      const events = stream
        .pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream())
        .getReader();
      for (;;) {
        const { value, done } = await events.read();
        if (done) break;
        if (value.event !== 'status') continue;
        retry = RETRY_MS;
        lastId = value.id ?? lastId;
        const change = JSON.parse(value.data) as StatusChange;
        onChange(change);
        if (FINAL.includes(change.status)) finished = true;
      }
    } catch (error) {
      if (signal.aborted) return;
      // Someone else's order, or signed out: no retry will change that.
      if (error instanceof ApiProblem) {
        onLink('refused');
        return;
      }
    }
    if (finished || signal.aborted) break;
    // The stream ended early (its maximum life, a replica stopping) or could not be reached.
    onLink('reconnecting');
    await pause(retry, signal);
    retry = Math.min(retry * 2, MAX_RETRY_MS);
  }
  if (!signal.aborted) onLink('ended');
}

/** The order's changes as they arrive (the whole history first), and the state of the link. */
export function useOrderTracking(orderId: string): { changes: StatusChange[]; link: Link } {
  const [changes, setChanges] = useState<StatusChange[]>([]);
  const [link, setLink] = useState<Link>('connecting');
  useEffect(() => {
    const controller = new AbortController();
    setChanges([]);
    setLink('connecting');
    void follow(orderId, controller.signal, (change) => setChanges((seen) => [...seen, change]), setLink);
    return () => controller.abort();
  }, [orderId]);
  return { changes, link };
}
