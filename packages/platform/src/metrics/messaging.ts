import { Counter, Gauge, type Registry } from 'prom-client';
import type { Bus, EventEnvelope } from '../bus/types.ts';

/** How one delivery of an event ended for a consumer. */
export type ConsumeOutcome = 'handled' | 'duplicate' | 'failed';

const OUTCOMES: readonly ConsumeOutcome[] = ['handled', 'duplicate', 'failed'];
const STATES = ['ready', 'retrying', 'dead'] as const;

/**
 * The messaging signals of a service, next to its golden signals:
 * - `comptoir_events_published_total{type}`: events the broker confirmed, relayed from the outbox;
 * - `comptoir_events_consumed_total{queue,outcome}`: deliveries to this service's consumers —
 *   `handled`, `duplicate` (a redelivery the inbox skipped) or `failed` (the handler threw: the
 *   event is retried after a back-off, or dead-lettered after its last attempt);
 * - `comptoir_queue_messages{queue,state}`: messages in each of the service's queues at scrape
 *   time — `ready` (waiting for a consumer: consumer lag), `retrying` (waiting out a back-off),
 *   `dead` (dead-letter queue). Every replica reports the same queues: aggregate with `max`.
 */
export interface MessagingMetrics {
  published(events: readonly EventEnvelope[]): void;
  consumed(queue: string, outcome: ConsumeOutcome): void;
  /** Starts reporting a queue's depth, and its delivery outcomes at 0 so `rate()` has a series at once. */
  watch(queue: string): void;
}

export function createMessagingMetrics(registry: Registry, bus: Bus): MessagingMetrics {
  const registers = [registry];
  const published = new Counter({
    name: 'comptoir_events_published_total',
    help: 'Events relayed from the outbox and confirmed by the broker, by type.',
    labelNames: ['type'] as const,
    registers,
  });
  const consumed = new Counter({
    name: 'comptoir_events_consumed_total',
    help: 'Deliveries to this service’s consumers by queue and outcome: handled, duplicate (skipped by the inbox) or failed (retried, or dead-lettered after the last attempt).',
    labelNames: ['queue', 'outcome'] as const,
    registers,
  });
  const watched = new Set<string>();
  new Gauge({
    name: 'comptoir_queue_messages',
    help: 'Messages in this service’s queues at scrape time: ready (waiting for a consumer), retrying (waiting out a back-off), dead (dead-letter queue).',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      await Promise.all(
        [...watched].map(async (queue) => {
          try {
            const depth = await bus.queueDepth(queue);
            for (const state of STATES) this.set({ queue, state }, depth[state]);
          } catch {
            // The broker is unreachable: the last values stay, and readiness reports the outage.
          }
        }),
      );
    },
  });
  return {
    published(events) {
      for (const event of events) published.inc({ type: event.type });
    },
    consumed(queue, outcome) {
      consumed.inc({ queue, outcome });
    },
    watch(queue) {
      watched.add(queue);
      for (const outcome of OUTCOMES) consumed.inc({ queue, outcome }, 0);
    },
  };
}
