import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span, Tracing } from '../tracing/tracing.ts';

/** The span of the work in hand and the tracing of the service doing it (tracing on only). */
export interface TraceScope {
  span: Span;
  tracing: Tracing;
}

/** What travels with a unit of work (a request, an event) and into every outbound call and event. */
export interface WorkContext {
  requestId: string;
  correlationId: string;
  /** Set when the service traces: outbound calls and new events become its children. */
  trace?: TraceScope;
}

const storage = new AsyncLocalStorage<WorkContext>();

/** Runs `fn` with `context` as the current work context. */
export function runWithContext<T>(context: WorkContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** Makes `context` current for the rest of this async flow (used from a Fastify hook). */
export function enterContext(context: WorkContext): void {
  storage.enterWith(context);
}

/** The current request or event context, if any. */
export function currentContext(): WorkContext | undefined {
  return storage.getStore();
}
